using System.Diagnostics;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends;

/// <summary>
/// An ml job of the inprocess backend, run by <c>sandbox-runner ml</c> in a process of its own, as a container runs it
/// but without the container: ML.NET generates code at run time, which the host's native image cannot, and training
/// (native trainers over the operator's parameters) then never runs in the process holding the home's keys. The runner
/// gets the job's tables as links to the grant's materialized databases (the folder a container mounts at <c>/data</c>),
/// the runner's job file (the <c>/job</c> folder), an empty environment, the job's deadline and cancellation. What it
/// prints is kept as the job's logs (<c>sandbox job logs</c>), capped as a container's are.
/// </summary>
internal static class RunnerProcess
{
    /// <summary>The runner's executable name.</summary>
    public const string Executable = "sandbox-runner";

    /// <summary>How long past the job's timeout the runner may take to report its own deadline before it is killed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Where the runner is: beside the host when the host runs on the runtime (the runner's assembly is there, as a
    /// build or a publish puts it), else in <c>runner/</c> beside it (the native image's publish puts a self-contained
    /// runner there); null when neither holds one.
    /// </summary>
    public static string? Locate(string? directory = null)
    {
        directory ??= AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(directory, Executable)) && File.Exists(Path.Combine(directory, Executable + ".dll"))) return Path.Combine(directory, Executable);
        var own = Path.Combine(directory, "runner", Executable);
        return File.Exists(own) ? own : null;
    }

    /// <summary>Runs <paramref name="spec"/>'s ml job on <paramref name="workspace"/>'s folder (<see cref="WorkspaceStager.StageLinked"/>).</summary>
    public static async Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken)
    {
        var (homeRoot, jobId) = BackendPaths.Of(outputDirectory);
        var jobFiles = JobFiles.DirectoryOf(homeRoot, jobId);
        try
        {
            if (JobFiles.Prepare(spec, workspace, jobFiles, homeRoot) is { } problem) return new BackendResult(JobState.Failed, 2, problem, []);
            return await RunAsync(spec.Kind, workspace.Directory, Path.Combine(jobFiles, "job.json"), outputDirectory, DockerBackend.LogDirectory(homeRoot, jobId),
                spec.Limits.Timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            JobFiles.Delete(jobFiles);
        }
    }

    /// <summary>
    /// Runs <c>sandbox-runner VERB WORKSPACE JOB_FILE OUT</c> to its end, its deadline (<paramref name="timeout"/> and
    /// <see cref="Grace"/>) or <paramref name="cancellationToken"/>; its stdout and stderr go to <paramref name="logDirectory"/>.
    /// Never throws for the job's own failure, nor for a runner that is missing or cannot start. <paramref name="runner"/>:
    /// another executable than the one beside the host (tests).
    /// </summary>
    public static async Task<BackendResult> RunAsync(string verb, string workspace, string jobFile, string outputDirectory, string logDirectory, TimeSpan timeout,
        CancellationToken cancellationToken, string? runner = null)
    {
        runner ??= Locate();
        if (runner is null)
        {
            // The reason is the job's, which its operator reads: no server path in it.
            return new BackendResult(JobState.Failed, 1, $"the runner ({Executable}) is not installed beside the host: reinstall the host", []);
        }
        Directory.CreateDirectory(outputDirectory);
        var start = new ProcessStartInfo(runner)
        {
            ArgumentList = { verb, workspace, jobFile, outputDirectory },
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing of the host's environment (its home, tokens, settings): where the runtime is, if it was told.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) start.Environment["DOTNET_ROOT"] = root;

        await using var logs = LogCapture.Open(logDirectory, DockerBackend.LogLimitBytes);
        using var process = new Process { StartInfo = start };
        var started = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new BackendResult(JobState.Failed, 1, $"the runner ({Executable}) could not start (error {ex.NativeErrorCode}): reinstall the host", []);
        }
        process.StandardInput.Close();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout + Grace);
        var overflowed = false;
        using var gate = new SemaphoreSlim(1, 1);
        async Task CopyAsync(Stream stream, bool stderr)
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    if (await logs.WriteAsync(stderr, buffer.AsMemory(0, read)).ConfigureAwait(false))
                    {
                        overflowed = true;
                        await stop.CancelAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        var copying = Task.WhenAll(CopyAsync(process.StandardOutput.BaseStream, false), CopyAsync(process.StandardError.BaseStream, true));
        var usage = new Sampled();
        var exited = false;
        try
        {
            while (!exited)
            {
                usage.Sample(process);
                exited = await WaitAsync(process, SampleEvery, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        await copying.ConfigureAwait(false);
        var wall = Stopwatch.GetElapsedTime(started);
        BackendResult result;
        if (!exited && cancellationToken.IsCancellationRequested) result = new BackendResult(JobState.Cancelled, 130, "cancelled while running; the runner was killed", []);
        else if (overflowed) result = new BackendResult(JobState.Killed, 137, $"printed more than {JobVerdict.Mebibytes(DockerBackend.LogLimitBytes)} to stdout/stderr (log limit) and was killed", []);
        else if (!exited) result = new BackendResult(JobState.Killed, 137, $"ran past its timeout of {timeout.TotalSeconds:0.#}s and was killed", []);
        else
        {
            var files = Directory.EnumerateFiles(outputDirectory).Select(f => (Path.GetFileName(f), f, new FileInfo(f).Length)).ToList();
            result = JobVerdict.RunnerResult(logs.StdoutTail, process.ExitCode, new OutputCollector.Collected(files, null), [], named: verb == "ml");
            usage.Reported(Sandbox.Contracts.Runner.RunnerReport.FromLastLine(logs.StdoutTail));
        }
        return result with
        {
            Usage = new JobUsage("runner", (long)wall.TotalMilliseconds, usage.CpuMilliseconds, usage.PeakMemoryBytes,
                JobMeter.DirectoryBytes(workspace), JobMeter.Written(result.Outputs)),
        };
    }

    // True when the process exited within `wait`; false when it still runs.
    private static async Task<bool> WaitAsync(Process process, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        tick.CancelAfter(wait);
        try
        {
            await process.WaitForExitAsync(tick.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // The runner's CPU and peak resident memory: read from the kernel while it runs (a floor the runner cannot lower),
    // and as the runner read them itself at its end (which covers its last quarter second); the larger of each.
    private sealed class Sampled
    {
        public void Reported(Sandbox.Contracts.Runner.RunnerReport? report)
        {
            if (report?.CpuMilliseconds is { } cpu) CpuMilliseconds = Math.Max(CpuMilliseconds ?? 0, cpu);
            if (report?.PeakMemoryBytes is { } peak) PeakMemoryBytes = Math.Max(PeakMemoryBytes ?? 0, peak);
        }

        public long? CpuMilliseconds { get; private set; }

        public long? PeakMemoryBytes { get; private set; }

        public void Sample(Process process)
        {
            try
            {
                process.Refresh();
                CpuMilliseconds = Math.Max(CpuMilliseconds ?? 0, (long)process.TotalProcessorTime.TotalMilliseconds);
                PeakMemoryBytes = Math.Max(PeakMemoryBytes ?? 0, process.PeakWorkingSet64);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited between the wait and the read.
            }
        }
    }
}
