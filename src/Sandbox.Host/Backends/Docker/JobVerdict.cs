using System.Globalization;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Runner;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Turns how a job container ended into the job's result. The order is the point: the host's own kills first (they
/// explain a 137 better than anyone, and nothing the container printed can undo them), then the kernel's OOM kills,
/// then the supervisor's report, then the collection of <c>/out</c>, then the job's own word (its exit code, the
/// runner's report).
/// </summary>
internal static class JobVerdict
{
    /// <summary>The result of <paramref name="spec"/>'s run; outputs are collected from <paramref name="archive"/> when it ended well enough.</summary>
    public static async Task<BackendResult> DecideAsync(JobSpec spec, JobContainerRun.Outcome run, SupervisedOutput output, LogCapture logs, Stream archive, string outputDirectory, CancellationToken cancellationToken)
    {
        var header = output.Header is { } text ? SupervisorHeader.Parse(text) : null;
        var (oomKills, pidsRefused) = run.HostCounters ?? (header?.OomKills ?? 0, header?.PidsRefused ?? 0);
        var notes = new List<string>();
        if (pidsRefused > 0) notes.Add($"the process limit of {spec.Limits.Pids} was reached");

        // 1. Our own kills.
        switch (run.Stop)
        {
            case JobContainerRun.StopCause.Cancelled:
                return new BackendResult(JobState.Cancelled, 130, Join("cancelled while running; the container was killed", notes), []);
            case JobContainerRun.StopCause.Timeout:
                return new BackendResult(JobState.Killed, 137, Join($"ran past its timeout of {spec.Limits.Timeout.TotalSeconds:0.#}s and was killed", notes), []);
            case JobContainerRun.StopCause.LogLimit:
                return new BackendResult(JobState.Killed, 137, Join($"printed more than {Mebibytes(DockerBackend.LogLimitBytes)} to stdout/stderr (log limit) and was killed", notes), []);
        }

        // 2. The kernel's: the engine's flag, or the cgroup's own count as the supervisor read it.
        if (run.EngineOomKilled || oomKills > 0)
        {
            return new BackendResult(JobState.Killed, 137, Join($"out of memory: the job passed its memory limit of {Mebibytes(spec.Limits.MemoryBytes)} and was killed", notes), []);
        }

        // 3. The supervisor's report: without it, nothing the container printed after the job is trusted.
        if (header is null)
        {
            var why = output.HeaderOverflowed ? "its report was over its limit" : $"it exited {run.ExitCode} before reporting";
            return Failed(run.ExitCode, Join($"the job's supervisor failed ({why}); no outputs were collected (see `sandbox job logs`)", notes));
        }
        notes.AddRange(header.FullMounts().Select(m => $"{m.Path} was filled to its limit of {Mebibytes(m.Path == "/out" ? spec.Limits.OutputBytes : m.Size)}"));

        // 4. /out: regular files only, every entry checked.
        var collected = await CollectAsync(run, output, logs, archive, outputDirectory, spec.Limits.OutputBytes, cancellationToken).ConfigureAwait(false);
        var exitCode = header.ExitCode;
        if (collected.Refusal is not null) return Failed(exitCode, Join(collected.Refusal, notes));

        // 5. The job's own word.
        return spec.Kind is "sql" or "ml"
            ? RunnerResult(logs.StdoutTail, exitCode, collected, notes, spec.Kind == "ml")
            : ContainerResult(exitCode, collected, notes);
    }

    /// <summary>The size of the tar of <c>/out</c> we accept: the files, their headers and padding, and some slack.</summary>
    public static long ArchiveLimit(long outputBytes) => (outputBytes * 2) + ((long)DockerBackend.MaxOutputFiles * 1024) + (1L << 20);

    private static async Task<OutputCollector.Collected> CollectAsync(JobContainerRun.Outcome run, SupervisedOutput output, LogCapture logs, Stream archive, string outputDirectory, long outputBytes, CancellationToken cancellationToken)
    {
        if (output.ArchiveOverflowed) return new OutputCollector.Collected([], "/out produced an archive over its limit; no outputs were collected");
        // After a normal end the container's exit status is tar's (the supervisor exec's it).
        if (run.ExitCode != 0)
        {
            var error = logs.LastStderrLine is { Length: > 0 } line ? ": " + line : "";
            return new OutputCollector.Collected([], $"could not read /out (tar exited {run.ExitCode}{error}); no outputs were collected");
        }
        try
        {
            archive.Position = 0;
            return await OutputCollector.ExtractAsync(archive, outputDirectory, outputBytes, DockerBackend.MaxOutputFiles, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
            return new OutputCollector.Collected([], $"/out could not be collected ({ex.Message.Split('\n')[0]}); no outputs were collected");
        }
    }

    /// <summary>
    /// The runner's word on its job (its report, the last line of <paramref name="stdoutTail"/>) over the files it left:
    /// an output is one the report names and a file holds. <paramref name="named"/>: a model's outputs are named by their
    /// files; a SQL output by its query (and then any evidence file it left is not taken for the host's).
    /// </summary>
    internal static BackendResult RunnerResult(string stdoutTail, int exitCode, OutputCollector.Collected collected, List<string> notes, bool named)
    {
        var report = RunnerReport.FromLastLine(stdoutTail);
        if (!named)
        {
            // The host measures a SQL output's evidence itself when an export is asked for; a container has none to
            // give, and what it left under that name is not taken for the host's.
            foreach (var evidence in collected.Files.Where(f => f.Name.EndsWith(Exports.ExportChecks.EvidenceSuffix, StringComparison.Ordinal))) File.Delete(evidence.Path);
        }
        var files = collected.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var outputs = new List<JobOutput>();
        foreach (var o in report?.Outputs ?? [])
        {
            // A SQL output is named by its query (the file is <name>.csv); a model's outputs by their file names, a
            // scoring job's by its table's (predictions.csv).
            if (files.TryGetValue(named ? o.Name : o.Name + ".csv", out var file) || (named && files.TryGetValue(o.Name + ".csv", out file)))
            {
                outputs.Add(new JobOutput(o.Name, file.Path, o.Rows, file.Bytes));
            }
        }
        if (exitCode == 0 && report is { Outcome: RunnerOutcome.Succeeded }) return new BackendResult(JobState.Succeeded, 0, notes.Count == 0 ? null : string.Join("; ", notes), outputs);
        var state = report?.Outcome == RunnerOutcome.Killed ? JobState.Killed : JobState.Failed;
        var reason = report?.Reason ?? $"the runner exited {exitCode} without a report (see `sandbox job logs`)";
        return new BackendResult(state, exitCode == 0 ? 1 : exitCode, Join(reason, notes), outputs);
    }

    private static BackendResult ContainerResult(int exitCode, OutputCollector.Collected collected, List<string> notes)
    {
        var outputs = collected.Files.Select(f => new JobOutput(f.Name, f.Path, CsvRows(f.Path), f.Bytes)).ToList();
        if (exitCode == 0) return new BackendResult(JobState.Succeeded, 0, notes.Count == 0 ? null : string.Join("; ", notes), outputs);
        var reason = exitCode == 137 ? "the command was killed (SIGKILL)" : $"the command exited {exitCode} (see `sandbox job logs`)";
        return new BackendResult(JobState.Failed, exitCode, Join(reason, notes), outputs);
    }

    private static long CsvRows(string path)
    {
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return 0;
        long lines = 0;
        foreach (var _ in File.ReadLines(path)) lines++;
        return Math.Max(0, lines - 1);
    }

    private static BackendResult Failed(long exitCode, string reason) => new(JobState.Failed, exitCode is 0 or > int.MaxValue or < int.MinValue ? 1 : (int)exitCode, reason, []);

    private static string Join(string reason, List<string> notes) => notes.Count == 0 ? reason : reason + "; " + string.Join("; ", notes);

    /// <summary>A size as the limits were written: whole mebibytes when it is one, else bytes.</summary>
    public static string Mebibytes(long bytes) => bytes % (1L << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
