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
        byte[] bytes;
        try
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= _offset) return [];
            file.Seek(_offset, SeekOrigin.Begin);
            bytes = new byte[file.Length - _offset];
            file.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        // Only up to the last newline: a line being written is read whole next time.
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return [];
        _offset += end + 1;
        var lines = new List<string>();
        foreach (var text in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
        {
            if (Render(text) is { } line) lines.Add(line);
        }
        return lines;
    }

    private static string? Render(string text)
    {
        try
        {
            var line = JsonSerializer.Deserialize<StagingProgressFile.Line>(text);
            if (line?.Args is null || !Shown.Contains(line.Id)) return null;
            return Messages.Get(line.Id, [.. line.Args.Select(a => (a.Key, (object?)a.Value))]);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
