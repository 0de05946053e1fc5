using System.Globalization;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Staging;

/// <summary>
/// The progress of a job's staging (a table's first materialization, a wait for a table another process builds), kept
/// in the job's log folder, <c>logs/JOB_ID/staging.progress</c>, so that a wait in another process (<c>job wait</c>) can
/// show it: one JSON line per message, its id and arguments (table names, row counts, seconds — never a data value),
/// rendered by the reader in its own language (<see cref="StagingProgressReader"/>). Owner-only; created at the first
/// message, appended to (a job staged again after a requeue adds its lines after the first ones).
/// </summary>
/// <remarks>
/// Kept with the job, not with its workspace: a workspace goes when the job ends, and a job that stages and ends
/// within one poll of a waiter (250 ms) took its last lines with it. A waiter reads the store first and the file after,
/// so once it has seen the job ended the file holds every line the stager will ever write, and its last read shows
/// them, in order, each once (the reader keeps its offset) — also when it starts after the job has ended. Removing the
/// file once the end is recorded would still race with a waiter that saw the end a moment before; keeping it costs a
/// few hundred bytes of ids and counts per job, beside the job's logs.
/// </remarks>
internal sealed class StagingProgressFile : MessageWriter
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _path;
    private StreamWriter? _out;

    private StagingProgressFile(string path) => _path = path;

    /// <summary>The staging progress file of job <paramref name="jobId"/>.</summary>
    public static string PathOf(SandboxHome home, string jobId)
    {
        ArgumentNullException.ThrowIfNull(home);
        return Path.Combine(home.JobLogsOf(jobId), "staging.progress");
    }

    /// <summary>A writer to the progress file of job <paramref name="jobId"/>; nothing is created before its first message.</summary>
    public static StagingProgressFile For(SandboxHome home, string jobId) => new(PathOf(home, jobId));

    /// <inheritdoc />
    public override void Write(LocalMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_out is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!, OwnerOnly | UnixFileMode.UserExecute);
            _out = new StreamWriter(new FileStream(_path, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
                UnixCreateMode = OwnerOnly,
            }), new UTF8Encoding(false));
        }
        var args = message.Args.ToDictionary(a => a.Name, a => Convert.ToString(a.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
        // One whole line per write, flushed: a reader never sees half a message as a line.
        _out.Write(JsonSerializer.Serialize(new Line(message.Id, args), StagingJson.Default.Line) + "\n");
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

/// <summary>A progress line's shape, generated at compile time (no reflection metadata at run time).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(StagingProgressFile.Line))]
internal sealed partial class StagingJson : System.Text.Json.Serialization.JsonSerializerContext;
