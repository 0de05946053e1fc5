using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Staging;

/// <summary>
/// The progress of a job's staging (a table's first materialization), kept beside its workspace in
/// <c>workspaces/JOB_ID.progress</c> so that a wait in another process (<c>job wait</c>) can show it: one JSON line per
/// message, its id and arguments (table names, row counts, seconds — never a data value), rendered by the reader in its
/// own language (<see cref="StagingProgressReader"/>). Owner-only; created at the first message, removed with the
/// workspace (<see cref="Workspace.Delete"/>) and by the reconcilers with a dead job's workspace.
/// </summary>
internal sealed class StagingProgressFile : MessageWriter
{
    private readonly string _path;
    private StreamWriter? _out;

    private StagingProgressFile(string path) => _path = path;

    /// <summary>The progress file of the workspace in <paramref name="workspace"/>.</summary>
    public static string PathOf(string workspace) => Path.TrimEndingDirectorySeparator(workspace) + ".progress";

    /// <summary>A writer to the progress file of <paramref name="workspace"/>; nothing is created before its first message.</summary>
    public static StagingProgressFile For(string workspace) => new(PathOf(workspace));

    /// <summary>Removes the progress file of <paramref name="workspace"/>, if any.</summary>
    public static void Remove(string workspace) => File.Delete(PathOf(workspace));

    /// <inheritdoc />
    public override void Write(LocalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _out ??= new StreamWriter(new FileStream(_path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }), new UTF8Encoding(false));
        var args = message.Args.ToDictionary(a => a.Name, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
        // One whole line per write, flushed: a reader never sees half a message as a line.
        _out.Write(JsonSerializer.Serialize(new Line(message.Id, args)) + "\n");
        _out.Flush();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _out?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>One line of the file.</summary>
    internal sealed record Line(string Id, Dictionary<string, string> Args);
}
