using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// The host folder mounted read-only at <c>/job</c>: for a SQL job the runner's <c>job.json</c>; for a container job
/// a copy of the job's <c>files</c> folder (resolved next to the job file). Only regular files and folders are copied.
/// </summary>
internal static class JobFiles
{
    /// <summary>Copies at most this much: a job's code, not a way to bring data in.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Where the folder of job <paramref name="jobId"/> lives: beside, never inside, its workspace.</summary>
    public static string DirectoryOf(string homeRoot, string jobId) => Path.Combine(homeRoot, "workspaces", jobId + ".job");

    /// <summary>Fills <paramref name="directory"/>; returns null, or why the job's files cannot be used (names the field).</summary>
    public static string? Prepare(JobSpec spec, Workspace workspace, string directory)
    {
        Delete(directory);
        Directory.CreateDirectory(directory);
        if (spec.Kind == "sql")
        {
            var job = new
            {
                queries = spec.Queries.Select(q => new { name = q.Name, sql = q.Sql }),
                // The runner's own deadline comes just before the container is killed, so it can report which query.
                timeoutSeconds = Math.Max(1, spec.Limits.Timeout.TotalSeconds - 1),
                // DuckDB below the container's memory: a big query spills or fails cleanly instead of being OOM-killed.
                memoryBytes = spec.Limits.MemoryBytes * 6 / 10,
                threads = Math.Max(1, (int)Math.Ceiling(spec.Limits.Cpus)),
                outputBytes = spec.Limits.OutputBytes,
                subjects = workspace.Subjects,
            };
            var path = Path.Combine(directory, "job.json");
            File.WriteAllText(path, JsonSerializer.Serialize(job, Jsons.Options));
            Readable(path, executable: false);
            Readable(directory, executable: true);
            return null;
        }

        if (spec.Files is null)
        {
            Readable(directory, executable: true);
            return null;
        }
        var source = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.SourceFile)) ?? ".", spec.Files));
        if (!Directory.Exists(source)) return $"{spec.SourceFile}: files: {spec.Files}: no such folder";
        long total = 0;
        var error = Copy(new DirectoryInfo(source), directory, spec, ref total);
        Readable(directory, executable: true);
        return error;
    }

    /// <summary>Removes the folder; safe to call twice.</summary>
    public static void Delete(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static string? Copy(DirectoryInfo from, string to, JobSpec spec, ref long total)
    {
        foreach (var entry in from.EnumerateFileSystemInfos())
        {
            var shown = $"{spec.SourceFile}: files: {Path.Combine(spec.Files!, Path.GetRelativePath(from.FullName, entry.FullName))}";
            if (entry.LinkTarget is not null) return $"{shown}: a symbolic link; job files must be regular files";
            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo dir)
            {
                Directory.CreateDirectory(target);
                if (Copy(dir, target, spec, ref total) is { } error) return error;
                Readable(target, executable: true);
            }
            else if (entry is FileInfo file && IsRegular(file))
            {
                total += file.Length;
                if (total > MaxBytes) return $"{spec.SourceFile}: files: more than {MaxBytes >> 20} MiB of job files";
                file.CopyTo(target);
                Readable(target, executable: (file.UnixFileMode & UnixFileMode.UserExecute) != 0);
            }
            else
            {
                return $"{shown}: not a regular file";
            }
        }
        return null;
    }

    private static bool IsRegular(FileInfo file) =>
        !file.Attributes.HasFlag(FileAttributes.Device) && !file.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>The job runs as 65534, which owns nothing: everything it may read is world-readable, nothing writable.</summary>
    private static void Readable(string path, bool executable)
    {
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (executable) mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(path, mode);
    }
}
