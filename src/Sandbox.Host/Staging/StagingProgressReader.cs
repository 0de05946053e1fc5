using System.Text;
using System.Text.Json;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Staging;

/// <summary>
/// Reads a job's staging progress (<see cref="StagingProgressFile"/>, at <paramref name="path"/>) as it grows: each
/// call returns the lines written since the last, in the reader's language. Only materialization messages (and waits
/// for a table another process builds) are shown; a file that is not there (yet) has no lines.
/// </summary>
internal sealed class StagingProgressReader(string path)
{
    private static readonly HashSet<string> Shown = new(StringComparer.Ordinal)
    {
        "dataplane.materializing", "dataplane.materialize-progress", "dataplane.materialized",
        "dataplane.table-wait", "dataplane.table-wait-progress", "dataplane.table-wait-ended",
    };

    private readonly string _path = path;
    private long _offset;

    /// <summary>The whole lines written since the last call, as text in the current language.</summary>
    public IReadOnlyList<string> ReadNew()
    {
        var (lines, next) = Read(_path, _offset);
        _offset = next;
        return [.. lines.Select(Render)];
    }

    /// <summary>
    /// The shown lines of the file at <paramref name="path"/> from byte <paramref name="offset"/> on, as message ids
    /// and arguments, and the offset to read from next: whole lines only (one being written is read whole next time).
    /// An offset past the file's end (or no file) reads nothing and keeps the offset.
    /// </summary>
    public static (IReadOnlyList<StagingProgressFile.Line> Lines, long Next) Read(string path, long offset)
    {
        byte[] bytes;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (offset < 0 || file.Length <= offset) return ([], offset);
            file.Seek(offset, SeekOrigin.Begin);
            // Bounded: the file holds a few hundred bytes of ids and counts per staging, never a data value.
            bytes = new byte[Math.Min(file.Length - offset, 1 << 20)];
            file.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], offset);
        }
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return ([], offset);
        var lines = new List<StagingProgressFile.Line>();
        foreach (var text in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            if (Parse(text) is { } line) lines.Add(line);
        }
        return (lines, offset + end + 1);
    }

    /// <summary><paramref name="line"/> in the current language.</summary>
    public static string Render(StagingProgressFile.Line line) => Render(line, MessageCatalog.Of(Messages.Current));

    /// <summary><paramref name="line"/> in the language of <paramref name="catalog"/> (the API's: the request's).</summary>
    public static string Render(StagingProgressFile.Line line, MessageCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Format(line.Id, [.. line.Args.Select(a => (a.Key, (object?)a.Value))]);
    }

    private static StagingProgressFile.Line? Parse(string text)
    {
        try
        {
            var line = JsonSerializer.Deserialize(text, StagingJson.Default.Line);
            return line?.Args is null || !Shown.Contains(line.Id) ? null : line;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
