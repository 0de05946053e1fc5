using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Host.Images;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Any job kind in a fresh container on the local Docker engine (see <see cref="JobContainerBuilder"/> for the
/// isolation). The job is exec'd into a container whose PID 1 only waits, so that its size-capped tmpfs <c>/out</c>
/// can be collected after the job ends; the container is removed at the end, whatever happened.
/// </summary>
public sealed class DockerBackend : IJobBackend, IDisposable
{
    /// <summary>What a job may print to stdout and stderr together before it is killed.</summary>
    public const long LogLimitBytes = 4L << 20;

    /// <summary>At most this many files leave <c>/out</c>.</summary>
    public const int MaxOutputFiles = 1000;

    private readonly DockerClient _client;

    private DockerBackend(DockerClient client) => _client = client;

    /// <inheritdoc/>
    public string Name => "docker";

    /// <summary>A backend on an engine that answered; otherwise <see cref="DockerUnavailableException"/> naming the socket.</summary>
    public static async Task<DockerBackend> ConnectAsync(CancellationToken cancellationToken) =>
        new(await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>The engine client, for reconciliation and tests.</summary>
    internal DockerClient Client => _client;

    /// <summary>
    /// Runs the job. The job id and the home are read from <paramref name="outputDirectory"/>, which the host names
    /// <c>HOME/out/JOB_ID</c>; logs go to <c>HOME/logs/JOB_ID</c>, the <c>/job</c> folder to <c>HOME/workspaces/JOB_ID.job</c>.
    /// </summary>
    public async Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken)
    {
        var jobId = Path.GetFileName(Path.TrimEndingDirectorySeparator(outputDirectory));
        var homeRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(Path.TrimEndingDirectorySeparator(outputDirectory))))!;
        var jobFiles = JobFiles.DirectoryOf(homeRoot, jobId);
        string? containerId = null;
        try
        {
            // 1. The image: approved, recorded by this home, unchanged in the engine.
            var image = spec.Kind == "sql" ? ImageRecipe.Runner.Name : spec.Image ?? "";
            if (spec.Kind != "sql" && spec.Command.Count == 0) return Failed(2, "command: a container job needs a command");
            var (imageId, refusal) = await ImageTrust.ResolveAsync(_client, homeRoot, image, cancellationToken).ConfigureAwait(false);
            if (imageId is null) return Failed(1, "refused: " + refusal);

            // 2. The /job folder.
            if (JobFiles.Prepare(spec, workspace, jobFiles) is { } problem) return Failed(2, problem);

            // 3. A fresh container, labelled for reconciliation after a crash.
            var parameters = new JobContainerBuilder()
                .WithName("sandbox-" + jobId)
                .WithImage(imageId)
                .WithWorkspace(workspace.Directory)
                .WithJobFiles(jobFiles)
                .WithLimits(spec.Limits)
                .WithLabels(ContainerLabels.For(jobId, homeRoot))
                .Build();
            containerId = (await _client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false)).ID;
            await _client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            var pid = (await _client.Containers.InspectContainerAsync(containerId, cancellationToken).ConfigureAwait(false)).State?.Pid ?? 0;
            var probe = CgroupProbe.Locate(pid);
            var before = probe.Read();

            // 4. The job, under its wall clock; its output drained into capped logs.
            var command = spec.Kind == "sql"
                ? [ImageRecipe.RunnerExecutable, "sql", "/data/sandbox.duckdb", "/job/job.json", "/out"]
                : spec.Command;
            var run = await RunJobAsync(containerId, command, spec.Limits, LogDirectory(homeRoot, jobId), probe, cancellationToken).ConfigureAwait(false);
            var after = run.Counters ?? probe.Read();
            var oom = after.OomKills > before.OomKills
                || (await _client.Containers.InspectContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false)).State?.OOMKilled == true;
            var notes = new List<string>();
            if (after.PidsRefused > before.PidsRefused) notes.Add($"the process limit of {spec.Limits.Pids} was reached");

            // 5. How it ended. Our own kills first: they explain a 137 better than the kernel does.
            var limit = Mebibytes(spec.Limits.MemoryBytes);
            switch (run.Stop)
            {
                case StopCause.Cancelled:
                    return new BackendResult("cancelled", 130, Join("cancelled while running; the container was killed", notes), []);
                case StopCause.Timeout:
                    return new BackendResult("killed", 137, Join($"ran past its timeout of {spec.Limits.Timeout.TotalSeconds:0.#}s and was killed", notes), []);
                case StopCause.LogLimit:
                    return new BackendResult("killed", 137, Join($"printed more than {Mebibytes(LogLimitBytes)} to stdout/stderr (log limit) and was killed", notes), []);
            }
            if (oom || (run.ExitCode == 137 && after.OomKills > 0))
            {
                return new BackendResult("killed", 137, Join($"out of memory: the job passed its memory limit of {limit} and was killed", notes), []);
            }

            // 6. Collect /out (regular files only), then see whether /out or /tmp were filled.
            var collected = await CollectAsync(containerId, outputDirectory, spec.Limits.OutputBytes, cancellationToken).ConfigureAwait(false);
            notes.AddRange(await FullMountsAsync(containerId, spec.Limits.OutputBytes, cancellationToken).ConfigureAwait(false));
            var exitCode = (int)(run.ExitCode ?? 1);
            if (collected.Refusal is not null) return new BackendResult("failed", exitCode == 0 ? 1 : exitCode, Join(collected.Refusal, notes), []);
            return spec.Kind == "sql"
                ? SqlResult(run, exitCode, collected, notes)
                : ContainerResult(exitCode, collected, notes);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException or InvalidDataException)
        {
            return Failed(1, $"docker engine error: {ex.Message.Split('\n')[0]}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BackendResult("cancelled", 130, "cancelled before the job started", []);
        }
        finally
        {
            if (containerId is not null) await RemoveAsync(containerId).ConfigureAwait(false);
            JobFiles.Delete(jobFiles);
        }
    }

    /// <summary>Where the logs of a job are kept (inside the home, never exported as such).</summary>
    public static string LogDirectory(string homeRoot, string jobId) => Path.Combine(homeRoot, "logs", jobId);

    /// <summary>Kills and removes a container; a container already gone is fine.</summary>
    internal async Task RemoveAsync(string containerId)
    {
        try
        {
            await _client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException)
        {
            // Removal already in progress, or the engine is gone: reconciliation removes it on the next start.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private enum StopCause { None, Timeout, Cancelled, LogLimit }

    /// <summary>How the job's exec ended; <c>Counters</c> are the cgroup counters read just before we killed it.</summary>
    private sealed record JobRun(long? ExitCode, StopCause Stop, string StdoutTail, (long OomKills, long PidsRefused)? Counters);

    private async Task<JobRun> RunJobAsync(string containerId, IReadOnlyList<string> command, JobLimits limits, string logDirectory, CgroupProbe probe, CancellationToken cancellationToken)
    {
        var stop = StopCause.None;
        (long, long)? counters = null;
        Task? kill = null;
        var gate = new object();
        void Kill(StopCause cause)
        {
            lock (gate)
            {
                if (stop != StopCause.None) return;
                stop = cause;
                // Read the counters first: the cgroup disappears with the container.
                counters = probe.Read();
                // Kill the whole container: whatever the job forked dies with it, and the exec stream ends.
                kill = _client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" }, CancellationToken.None);
            }
        }

        using var deadline = new CancellationTokenSource(limits.Timeout);
        using var onDeadline = deadline.Token.Register(() => Kill(StopCause.Timeout));
        using var onCancel = cancellationToken.Register(() => Kill(StopCause.Cancelled));
        var logs = new LogCapture(logDirectory, LogLimitBytes);
        var (execId, stream) = await ContainerExec.StartAsync(_client, containerId, command, CancellationToken.None).ConfigureAwait(false);
        using (stream)
        {
            try
            {
                await logs.DrainAsync(stream, () => Kill(StopCause.LogLimit), CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException) when (stop != StopCause.None)
            {
                // The stream breaks when we kill the container; that is the expected end.
            }
        }
        if (kill is not null)
        {
            try
            {
                await kill.ConfigureAwait(false);
            }
            catch (DockerApiException)
            {
                // Already dead.
            }
        }
        long? exitCode = null;
        if (stop == StopCause.None) exitCode = await ContainerExec.ExitCodeAsync(_client, execId, CancellationToken.None).ConfigureAwait(false);
        return new JobRun(exitCode, stop, logs.StdoutTail, counters);
    }

    private async Task<OutputCollector.Collected> CollectAsync(string containerId, string outputDirectory, long outputBytes, CancellationToken cancellationToken)
    {
        // tar runs inside the container (as the job user) and never follows links; the host checks every entry.
        var tarFile = Path.Combine(Path.GetDirectoryName(outputDirectory)!, Path.GetFileName(outputDirectory) + ".collect.tar");
        try
        {
            await using var tar = new FileStream(tarFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            var cap = (outputBytes * 2) + ((long)MaxOutputFiles * 1024) + (1L << 20);
            var (code, error, truncated) = await ContainerExec.RunAsync(_client, containerId, ["tar", "--numeric-owner", "-C", "/out", "-cf", "-", "."], tar, cap, cancellationToken).ConfigureAwait(false);
            if (truncated) return new OutputCollector.Collected([], "/out produced an archive over its limit; no outputs were collected");
            if (code != 0) return new OutputCollector.Collected([], $"could not read /out (tar exited {code}: {error}); no outputs were collected");
            tar.Position = 0;
            return await OutputCollector.ExtractAsync(tar, outputDirectory, outputBytes, MaxOutputFiles, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException)
        {
            if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
            return new OutputCollector.Collected([], $"/out could not be collected ({ex.Message.Split('\n')[0]}); no outputs were collected");
        }
    }

    /// <summary>Names the tmpfs mounts the job filled to their limit (the job's own error is usually just ENOSPC).</summary>
    private async Task<IReadOnlyList<string>> FullMountsAsync(string containerId, long outputBytes, CancellationToken cancellationToken)
    {
        using var text = new MemoryStream();
        var (code, _, _) = await ContainerExec.RunAsync(_client, containerId, ["df", "-P", "-B1", "/out", "/tmp"], text, 64 * 1024, cancellationToken).ConfigureAwait(false);
        if (code != 0) return [];
        var full = new List<string>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n').Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 6 || !long.TryParse(f[1], CultureInfo.InvariantCulture, out var size) || !long.TryParse(f[3], CultureInfo.InvariantCulture, out var available)) continue;
            // A tmpfs is full when less than a page or two is left.
            if (available < 16 * 1024) full.Add($"{f[5]} was filled to its limit of {Mebibytes(f[5] == "/out" ? outputBytes : size)}");
        }
        return full;
    }

    private static BackendResult SqlResult(JobRun run, int exitCode, OutputCollector.Collected collected, List<string> notes)
    {
        var report = RunnerReport.Parse(run.StdoutTail);
        var files = collected.Files.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var outputs = new List<JobOutput>();
        foreach (var o in report?.Outputs ?? [])
        {
            if (files.TryGetValue(o.Name + ".csv", out var file)) outputs.Add(new JobOutput(o.Name, file.Path, o.Rows, file.Bytes));
        }
        if (exitCode == 0 && report is { Outcome: "succeeded" }) return new BackendResult("succeeded", 0, notes.Count == 0 ? null : string.Join("; ", notes), outputs);
        var state = report?.Outcome == "killed" ? "killed" : "failed";
        var reason = report?.Reason ?? $"the runner exited {exitCode} without a report (see `sandbox job logs`)";
        return new BackendResult(state, exitCode == 0 ? 1 : exitCode, Join(reason, notes), outputs);
    }

    private static BackendResult ContainerResult(int exitCode, OutputCollector.Collected collected, List<string> notes)
    {
        var outputs = collected.Files.Select(f => new JobOutput(f.Name, f.Path, CsvRows(f.Path), f.Bytes)).ToList();
        if (exitCode == 0) return new BackendResult("succeeded", 0, notes.Count == 0 ? null : string.Join("; ", notes), outputs);
        var reason = exitCode == 137 ? "the command was killed (SIGKILL)" : $"the command exited {exitCode} (see `sandbox job logs`)";
        return new BackendResult("failed", exitCode, Join(reason, notes), outputs);
    }

    private static long CsvRows(string path)
    {
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return 0;
        long lines = 0;
        foreach (var _ in File.ReadLines(path)) lines++;
        return Math.Max(0, lines - 1);
    }

    private static BackendResult Failed(int exitCode, string reason) => new("failed", exitCode, reason, []);

    private static string Join(string reason, List<string> notes) => notes.Count == 0 ? reason : reason + "; " + string.Join("; ", notes);

    private static string Mebibytes(long bytes) => bytes % (1L << 20) == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
