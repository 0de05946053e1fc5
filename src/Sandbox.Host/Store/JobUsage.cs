namespace Sandbox.Host.Store;

/// <summary>
/// What one job used (seed §11), metered by its backend. <see cref="Attribution"/> says how far the figures are the
/// job's own: <c>cgroup</c> (docker: the kernel's counters for the job's container, read by the host),
/// <c>process</c> (inprocess: the host process's CPU while the job ran, with no other inprocess job running) or
/// <c>process-shared</c> (as <c>process</c>, but another job ran meanwhile: the CPU is an upper bound) or <c>runner</c>
/// (an inprocess ml job: the runner's own process, its CPU and peak memory its own).
/// Null figures are not attributable by that backend (inprocess: peak memory).
/// </summary>
/// <param name="Attribution">cgroup, process, process-shared or runner.</param>
/// <param name="WallMilliseconds">From the backend's start to its end.</param>
/// <param name="CpuMilliseconds">CPU time, user and system.</param>
/// <param name="PeakMemoryBytes">The largest memory use.</param>
/// <param name="ReadBytes">The bytes of data staged for the job to read (its workspace).</param>
/// <param name="WrittenBytes">The bytes of the outputs collected from it.</param>
public sealed record JobUsage(
    string Attribution, long WallMilliseconds, long? CpuMilliseconds, long? PeakMemoryBytes, long? ReadBytes, long? WrittenBytes);
