using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Any job kind in a fresh container on the local Docker engine (see <see cref="JobContainerBuilder"/> for the
/// isolation). The job is the container's main process, under <see cref="JobSupervisor"/>, which streams the tar of the
/// size-capped tmpfs <c>/out</c> after the job ends and exits; the container is removed at the end, whatever happened.
/// </summary>
public sealed class DockerBackend : IJobBackend, IDisposable
{
    /// <summary>What a job may print to stdout and stderr together before it is killed.</summary>
    public const long LogLimitBytes = 4L << 20;

    /// <summary>At most this many files leave <c>/out</c>.</summary>
    public const int MaxOutputFiles = 1000;

    private readonly DockerClient _client;

    // The home's session: the approved images and the IDs it trusts are read from its store, records made through it.
    private readonly SandboxSession? _session;

    private DockerBackend(DockerClient client, SandboxSession? session) => (_client, _session) = (client, session);

    /// <inheritdoc/>
    public string Name => "docker";

    /// <summary>
    /// A backend on an engine that answered; otherwise <see cref="DockerUnavailableException"/> naming the socket. It
    /// runs jobs only for <paramref name="session"/>'s home (without one it only reaches the engine, for reconciling).
    /// </summary>
    public static Task<DockerBackend> ConnectAsync(CancellationToken cancellationToken, SandboxSession? session = null) =>
        ConnectAsync(DockerEngine.Endpoint, cancellationToken, session);

    /// <summary>The backend on the engine at <paramref name="endpoint"/> (tests point it at a fake engine).</summary>
    internal static async Task<DockerBackend> ConnectAsync(Uri endpoint, CancellationToken cancellationToken, SandboxSession? session = null) =>
        new(await DockerEngine.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false), session);

    /// <summary>The engine client, for reconciliation and tests.</summary>
    internal DockerClient Client => _client;

    /// <summary>
    /// Runs the job. The job id and the home are read from <paramref name="outputDirectory"/>, which the host names
    /// <c>HOME/out/JOB_ID</c>; logs go to <c>HOME/logs/JOB_ID</c>, the <c>/job</c> folder to <c>HOME/workspaces/JOB_ID.job</c>.
    /// </summary>
    public async Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken)
    {
        var (homeRoot, jobId) = BackendPaths.Of(outputDirectory);
        var jobFiles = JobFiles.DirectoryOf(homeRoot, jobId);
        string? containerId = null;
        Task? removal = null;
        try
        {
            // 1. The image: approved, recorded by this home, unchanged in the engine.
            var image = spec.Kind is "sql" or "ml" ? ImageRecipe.Runner.Name : spec.Image ?? "";
            if (spec.Kind is not ("sql" or "ml") && spec.Command.Count == 0) return Failed(2, "command: a container job needs a command");
            if (_session is null) return Failed(1, "refused: a docker backend runs jobs only for a home's session, which checks the image");
            var (imageId, refusal) = await ImageTrust.ResolveAsync(_client, _session, image, cancellationToken).ConfigureAwait(false);
            if (imageId is null) return Failed(1, "refused: " + refusal);

            // 2. The /job folder.
            if (JobFiles.Prepare(spec, workspace, jobFiles, homeRoot) is { } problem) return Failed(2, problem);

            // 3. A fresh container whose main process is the job under the supervisor, labelled for reconciliation.
            var command = spec.Kind is "sql" or "ml"
                ? [ImageRecipe.RunnerExecutable, spec.Kind, "/data", "/job/job.json", "/out"]
                : spec.Command;
            var parameters = new JobContainerBuilder()
                .WithName("sandbox-" + jobId)
                .WithImage(imageId)
                .WithCommand(command)
                .WithWorkspace(workspace.Directory)
                .WithJobFiles(jobFiles)
                .WithLimits(spec.Limits)
                .WithLabels(ContainerLabels.For(jobId, homeRoot))
                .Build();
            containerId = (await _client.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false)).ID;

            // 4. The job under its wall clock: its output into capped logs, then the supervisor's report and the tar of /out.
            var tarFile = Path.Combine(Path.GetDirectoryName(outputDirectory)!, Path.GetFileName(outputDirectory) + ".collect.tar");
            await using var archive = new FileStream(tarFile, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            await using var logs = LogCapture.Open(LogDirectory(homeRoot, jobId), LogLimitBytes);
            var boundary = JobSupervisor.NewBoundary();
            var output = new SupervisedOutput(JobSupervisor.Marker(boundary), logs, archive, JobVerdict.ArchiveLimit(spec.Limits.OutputBytes));
            var started = Stopwatch.GetTimestamp();
            var run = await new JobContainerRun(_client, containerId).RunAsync(boundary, spec.Limits.Timeout, output, cancellationToken).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started);

            // 5. How it ended, and the outputs when it ended well enough; the exited container is removed meanwhile.
            removal = RemoveAsync(containerId);
            containerId = null;
            var result = await JobVerdict.DecideAsync(spec, run, output, logs, archive, outputDirectory, cancellationToken).ConfigureAwait(false);
            return result with { Usage = Usage(run, output, wall, workspace, result) };
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException or TimeoutException or InvalidDataException)
        {
            return Failed(1, $"docker engine error: {ex.Message.Split('\n')[0]}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BackendResult(JobState.Cancelled, 130, "cancelled before the job started", []);
        }
        finally
        {
            if (containerId is not null) await RemoveAsync(containerId).ConfigureAwait(false);
            if (removal is not null) await removal.ConfigureAwait(false);
            JobFiles.Delete(jobFiles);
        }
    }

    /// <summary>Where the logs of a job are kept (inside the home, never exported as such).</summary>
    public static string LogDirectory(string homeRoot, string jobId) => new SandboxHome(homeRoot).JobLogsOf(jobId);

    /// <summary>Removes a container, killing it if it still runs; a container already gone is fine.</summary>
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

    /// <summary>
    /// The container's usage: CPU and peak memory the larger of the host's samples of its cgroup (which the job cannot
    /// touch) and the supervisor's final reading (which may be later, and which a job could only inflate).
    /// </summary>
    private static JobUsage Usage(JobContainerRun.Outcome run, SupervisedOutput output, TimeSpan wall, Workspace workspace, BackendResult result)
    {
        var header = output.Header is { } text ? SupervisorHeader.Parse(text) : null;
        var cpu = Larger(run.HostUsage.CpuNanoseconds, header?.CpuNanoseconds);
        var peak = Larger(run.HostUsage.PeakMemoryBytes, header?.PeakMemoryBytes);
        return new JobUsage("cgroup", (long)wall.TotalMilliseconds, cpu / 1_000_000, peak, JobMeter.DirectoryBytes(workspace.Directory), JobMeter.Written(result.Outputs));
    }

    private static long? Larger(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static BackendResult Failed(int exitCode, string reason) => new(JobState.Failed, exitCode, reason, []);
}
