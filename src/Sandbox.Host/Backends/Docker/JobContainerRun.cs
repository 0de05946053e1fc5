using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// One created job container from start to exit. It is attached before it starts, so nothing it prints is missed;
/// handed its boundary on stdin; read to the end of its stream (the job, then <see cref="JobSupervisor"/>'s report);
/// then waited for — it exits by itself. The whole container is killed at the wall clock, on cancellation, on log
/// overflow, or when the collection passes its limit.
/// </summary>
internal sealed class JobContainerRun(DockerClient client, string containerId)
{
    private readonly Lock _gate = new();
    private StopCause _stop;
    private Task? _kill;
    private bool _exited;
    private (long OomKills, long PidsRefused)? _counters;
    private long? _cpuNanoseconds;
    private long? _peakMemoryBytes;

    /// <summary>Why the host stopped the job itself; <c>None</c> when it ended on its own.</summary>
    public enum StopCause { None, Timeout, Cancelled, LogLimit }

    /// <summary>
    /// How the container ended. <c>ExitCode</c> is the container's (tar's, after a normal end); <c>HostCounters</c> the
    /// cgroup counters the host read just before its own kill, when the supervisor could no longer report them.
    /// </summary>
    public sealed record Outcome(StopCause Stop, long ExitCode, bool EngineOomKilled, (long OomKills, long PidsRefused)? HostCounters)
    {
        /// <summary>The largest CPU time (ns) and peak memory (bytes) the host itself read from the container's cgroup while it ran.</summary>
        public (long? CpuNanoseconds, long? PeakMemoryBytes) HostUsage { get; init; }
    }

    /// <summary>How often the host reads the container's usage counters: a job cannot hide usage older than this.</summary>
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Starts the container and runs it to its exit, feeding its stream to <paramref name="output"/>.</summary>
    public async Task<Outcome> RunAsync(string boundary, TimeSpan timeout, SupervisedOutput output, CancellationToken cancellationToken)
    {
        var attach = new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true };
        using var stream = await client.Containers.AttachContainerAsync(containerId, attach, cancellationToken).ConfigureAwait(false);
        await client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);

        // From here on the job runs: every stop goes through a kill of the whole container.
        using var deadline = new CancellationTokenSource(timeout);
        using var sampling = new CancellationTokenSource();
        var sampler = SampleAsync(sampling.Token);
        using (deadline.Token.Register(() => Kill(StopCause.Timeout)))
        using (cancellationToken.Register(() => Kill(StopCause.Cancelled)))
        {
            try
            {
                var line = JobSupervisor.Marker(boundary);
                await stream.WriteAsync(line, 0, line.Length, CancellationToken.None).ConfigureAwait(false);
                stream.CloseWrite();
                await output.ReadAsync(stream, () => Kill(StopCause.LogLimit), () => Kill(StopCause.None)).ConfigureAwait(false);
            }
            catch (IOException) when (KillRequested)
            {
                // The stream breaks when we kill the container; that is the expected end.
            }
            // Waited for under the deadline too: the stream's end is not yet the container's.
            var exitCode = (await client.Containers.WaitContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false)).StatusCode;
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            Task? kill;
            lock (_gate)
            {
                // Exited: a deadline that fires now must not turn a finished job into a killed one.
                _exited = true;
                kill = _kill;
            }
            if (kill is not null) await kill.ConfigureAwait(false);
            var state = (await client.Containers.InspectContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false)).State;
            lock (_gate) return new Outcome(_stop, exitCode, state?.OOMKilled == true, _counters) { HostUsage = (_cpuNanoseconds, _peakMemoryBytes) };
        }
    }

    /// <summary>
    /// Reads the container's CPU time and peak memory from its cgroup on the host every <see cref="SampleInterval"/>
    /// until it exits, keeping the largest values: metering that does not rest on what the container says.
    /// </summary>
    private async Task SampleAsync(CancellationToken stop)
    {
        try
        {
            var pid = (await client.Containers.InspectContainerAsync(containerId, stop).ConfigureAwait(false)).State?.Pid ?? 0;
            var probe = CgroupProbe.Locate(pid);
            while (!stop.IsCancellationRequested)
            {
                Sample(probe);
                await Task.Delay(SampleInterval, stop).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or DockerApiException or HttpRequestException or IOException)
        {
            // Stopped, or the container or engine is gone: the samples taken so far stand.
        }
    }

    private void Sample(CgroupProbe probe)
    {
        var (cpu, peak) = probe.ReadUsage();
        lock (_gate)
        {
            if (cpu is { } c) _cpuNanoseconds = Math.Max(_cpuNanoseconds ?? 0, c);
            if (peak is { } p) _peakMemoryBytes = Math.Max(_peakMemoryBytes ?? 0, p);
        }
    }

    private bool KillRequested
    {
        get
        {
            lock (_gate) return _kill is not null;
        }
    }

    /// <summary>Kills the container once; the first cause wins (<c>None</c>: a kill that is no stop of the job's).</summary>
    private void Kill(StopCause cause)
    {
        lock (_gate)
        {
            if (_kill is not null || _exited) return;
            _stop = cause;
            _kill = KillAsync(cause != StopCause.None);
        }
    }

    private async Task KillAsync(bool readCounters)
    {
        try
        {
            if (readCounters)
            {
                // The counters first: a killed job cannot report them, and the cgroup disappears with the container.
                var pid = (await client.Containers.InspectContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false)).State?.Pid ?? 0;
                var probe = CgroupProbe.Locate(pid);
                var counters = probe.Read();
                Sample(probe);
                lock (_gate) _counters = counters;
            }
            await client.Containers.KillContainerAsync(containerId, new ContainerKillParameters { Signal = "SIGKILL" }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException)
        {
            // Already dead, or the engine is gone: removal (or reconciliation) still follows.
        }
    }
}
