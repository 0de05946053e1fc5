using System.Globalization;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// What <see cref="JobSupervisor"/> reports between its two boundaries once the job has ended: the job's exit code,
/// the <c>df</c> lines of <c>/out</c> and <c>/tmp</c>, and the cgroup counters (<c>memory oom_kill N</c>,
/// <c>pids max N</c>, from cgroup v1 or v2).
/// </summary>
/// <remarks>
/// Read so that bytes slipped in by a job can only make it look worse: a second <c>exit</c> line makes the header
/// unreadable, counters keep their largest value, and a mount is full when any of its lines says so.
/// </remarks>
internal sealed record SupervisorHeader(int ExitCode, long OomKills, long PidsRefused, IReadOnlyList<SupervisorHeader.Mount> Mounts)
{
    /// <summary>
    /// The cgroup's CPU time in nanoseconds (<c>usage cpuacct/cpuacct.usage N</c> on v1, <c>cpu usage_usec N</c> on
    /// v2), or null. A job could forge it only by finding the boundary; the host's own samples are the floor.
    /// </summary>
    public long? CpuNanoseconds { get; init; }

    /// <summary>The cgroup's peak memory in bytes (<c>usage memory/memory.max_usage_in_bytes N</c> or <c>usage memory.peak N</c>), or null.</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>One tmpfs as <c>df -P -B1</c> shows it, in bytes.</summary>
    public sealed record Mount(string Path, long Size, long Available)
    {
        /// <summary>A tmpfs is full when less than a page or two is left.</summary>
        public bool Full => Available < 16 * 1024;
    }

    /// <summary>The header in <paramref name="text"/>; null when it has no single, valid <c>exit</c> line.</summary>
    public static SupervisorHeader? Parse(string text)
    {
        int? exitCode = null;
        long oomKills = 0, pidsRefused = 0;
        long? cpu = null, peak = null;
        var mounts = new List<Mount>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (f)
            {
                case ["exit", var code]:
                    if (exitCode is not null || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return null;
                    exitCode = parsed;
                    break;
                case ["memory", "oom_kill", var n] when Count(n) is { } kills:
                    oomKills = Math.Max(oomKills, kills);
                    break;
                case ["pids", "max", var n] when Count(n) is { } refused:
                    pidsRefused = Math.Max(pidsRefused, refused);
                    break;
                case ["usage", "cpuacct/cpuacct.usage", var n] when Count(n) is { } nanoseconds:
                    cpu = Math.Max(cpu ?? 0, nanoseconds);
                    break;
                case ["cpu", "usage_usec", var n] when Count(n) is { } microseconds && microseconds < long.MaxValue / 1000:
                    cpu = Math.Max(cpu ?? 0, microseconds * 1000);
                    break;
                case ["usage", "memory/memory.max_usage_in_bytes" or "memory.peak", var n] when Count(n) is { } bytes:
                    peak = Math.Max(peak ?? 0, bytes);
                    break;
                case [_, var size, _, var available, _, "/out" or "/tmp"] when Count(size) is { } s && Count(available) is { } a:
                    mounts.Add(new Mount(f[5], s, a));
                    break;
            }
        }
        return exitCode is { } exit ? new SupervisorHeader(exit, oomKills, pidsRefused, mounts) { CpuNanoseconds = cpu, PeakMemoryBytes = peak } : null;
    }

    /// <summary>The mounts the job filled to their limit (its own error is usually just ENOSPC).</summary>
    public IEnumerable<Mount> FullMounts() => Mounts.Where(m => m.Full).DistinctBy(m => m.Path);

    private static long? Count(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
