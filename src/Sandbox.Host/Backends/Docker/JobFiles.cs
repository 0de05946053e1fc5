using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Runner;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs.Submissions;
using Sandbox.Host.Staging;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// The host folder mounted read-only at <c>/job</c>: for a SQL job the runner's <c>job.json</c>; for a container job
/// a copy of the job's <c>files</c> folder, confined to the job file's own folder. Only regular files and folders are copied.
/// </summary>
internal static class JobFiles
{
    /// <summary>The released model's name in a scoring job's folder, relative to its job.json.</summary>
    public const string ScoringModel = "model.zip";

    /// <summary>How much a job's files may hold: a job's code, not a way to bring data in.</summary>
    public static SubmissionLimits Limits { get; } = SubmissionLimits.Default;

    /// <summary>Where the folder of job <paramref name="jobId"/> lives: beside, never inside, its workspace.</summary>
    public static string DirectoryOf(string homeRoot, string jobId) => new SandboxHome(homeRoot).JobFilesOf(jobId);

    /// <summary>
    /// Fills <paramref name="directory"/>; returns null, or why the job's files cannot be used (names the field). The
    /// files come from inside the job file's own folder only, never from the folders of the home at <paramref name="homeRoot"/>.
    /// </summary>
    public static string? Prepare(JobSpec spec, Workspace workspace, string directory, string homeRoot)
    {
        Delete(directory);
        Directory.CreateDirectory(directory);
        if (spec.Kind is "sql" or "ml")
        {
            var job = RunnerJobOf(spec, spec.Kind == "sql" && workspace.EvidenceAtRequest ? null : workspace.Subjects, workspace.UniqueSubjects, workspace.Tables,
                workspace.Model);
            // A scoring job's released model goes beside job.json (read-only at /job); the runner checks its hash again.
            if (workspace.Model is { } model)
            {
                File.Copy(model.Path, Path.Combine(directory, ScoringModel));
                Readable(Path.Combine(directory, ScoringModel), executable: false);
            }
            var path = Path.Combine(directory, "job.json");
            File.WriteAllText(path, JsonSerializer.Serialize(job, ContractJson.Default.RunnerJob));
            Readable(path, executable: false);
            Readable(directory, executable: true);
            return null;
        }

        if (spec.Files is null)
        {
            Readable(directory, executable: true);
            return null;
        }
        try
        {
            // Only from inside the job file's own folder, checked entry by entry (see ConfinedFolder).
            Delete(directory);
            var jobFolder = Path.GetDirectoryName(Path.GetFullPath(spec.SourceFile)) ?? ".";
            ConfinedFolder.Copy(jobFolder, spec.Files, directory, Limits, new SandboxHome(homeRoot), $"{spec.SourceFile}: files");
        }
        catch (InputException ex)
        {
            Delete(directory);
            return ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Delete(directory);
            return $"{spec.SourceFile}: files: {spec.Files}: cannot be copied ({ex.Message})";
        }
        MakeReadable(directory);
        return null;
    }

    /// <summary>
    /// The runner's job file for <paramref name="spec"/> (a SQL or ml job) over <paramref name="tables"/>, each read in
    /// place from its own Parquet file; <paramref name="subjects"/> when the runner writes the outputs' evidence.
    /// </summary>
    public static RunnerJob RunnerJobOf(JobSpec spec, IReadOnlyDictionary<string, string>? subjects, IEnumerable<string> uniqueSubjects, IEnumerable<string> tables,
        Exports.ReleasedModel? model) => new(
            [.. spec.Queries.Select(q => new RunnerQuery(q.Name, q.Sql))],
            // The runner's own deadline comes just before it is killed, so it can report which query.
            TimeoutSeconds: Math.Max(1, spec.Limits.Timeout.TotalSeconds - 1),
            // DuckDB below the job's memory: a big query spills or fails cleanly instead of being OOM-killed.
            MemoryBytes: spec.Limits.MemoryBytes * 6 / 10,
            Threads: Math.Max(1, (int)Math.Ceiling(spec.Limits.Cpus)),
            OutputBytes: spec.Limits.OutputBytes,
            // A SQL job's evidence is the host's to measure, from the same files, when an export is asked for;
            // an ml job's (its model, its predictions) is the runner's.
            Subjects: subjects,
            // An ml job: what the runner trains (its `ml` verb reads this and ignores queries).
            Ml: spec.Ml is { } m ? InProcessBackend.MlJobOf(m, model, ScoringModel) : null,
            // Measured on the masked data (Materializer.CheckSubject): the same evidence, row by row where it is sound.
            UniqueSubjects: [.. uniqueSubjects.Order(StringComparer.Ordinal)],
            // What the runner reads from its folder: each table's own Parquet file, in place.
            Tables: [.. tables]);

    /// <summary>Removes the folder; safe to call twice.</summary>
    public static void Delete(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    // The copy is the host's own (no links, nothing but files and folders): open it to the job, read-only.
    private static void MakeReadable(string directory)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories))
        {
            var isFolder = Directory.Exists(path);
            Readable(path, executable: isFolder || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0);
        }
        Readable(directory, executable: true);
    }

    /// <summary>The job runs as 65534, which owns nothing: everything it may read is world-readable, nothing writable.</summary>
    private static void Readable(string path, bool executable)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (executable) mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);
    }
}
