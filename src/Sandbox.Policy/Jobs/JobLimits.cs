namespace Sandbox.Policy.Jobs;

/// <summary>The limits a job is killed at.</summary>
/// <param name="Timeout">Wall-clock time.</param>
/// <param name="MemoryBytes">Memory (and memory plus swap) in bytes.</param>
/// <param name="Cpus">CPUs, fractions allowed.</param>
/// <param name="Pids">Processes and threads.</param>
/// <param name="OutputBytes">Total size of <c>/out</c> in bytes.</param>
public sealed record JobLimits(TimeSpan Timeout, long MemoryBytes, double Cpus, int Pids, long OutputBytes)
{
    /// <summary>60 s, 512 MiB, 1 CPU, 128 processes, 64 MiB of output.</summary>
    public static JobLimits Default { get; } = new(TimeSpan.FromSeconds(60), 512L << 20, 1, 128, 64L << 20);
}
