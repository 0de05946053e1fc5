using System.Globalization;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Reads a container's memory and process counters from the host's cgroup files. The engine's OOM flag is
/// unreliable (it is set only when the container's main process dies of it), so the kernel's own count decides.
/// The files are located while the container runs: once it is killed, its cgroup and its pid are gone.
/// </summary>
internal sealed class CgroupProbe
{
    private readonly List<string> _memory = [];
    private readonly List<string> _pids = [];
    private readonly List<(string File, string Key, long Scale)> _cpu = [];
    private readonly List<(string File, string? Key)> _peak = [];

    private CgroupProbe()
    {
    }

    /// <summary>Finds the counters of the cgroup of <paramref name="pid"/> (cgroup v1 or v2); finds none when not readable.</summary>
    public static CgroupProbe Locate(long pid)
    {
        var probe = new CgroupProbe();
        if (pid <= 0) return probe;
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/cgroup");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return probe;
        }
        foreach (var line in lines)
        {
            // hierarchy-id:controllers:path — cgroup v1 names the controller, v2 has one unified line "0::path".
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            var controllers = parts[1].Split(',');
            if (controllers.Contains("memory")) probe._memory.Add($"/sys/fs/cgroup/memory{parts[2]}/memory.oom_control");
            if (controllers.Contains("pids")) probe._pids.Add($"/sys/fs/cgroup/pids{parts[2]}/pids.events");
            // Usage only below the root: the root cgroup's counters are the whole machine's, never one container's.
            var below = parts[2] != "/";
            if (controllers.Contains("cpuacct") && below) probe._cpu.Add(($"/sys/fs/cgroup/cpuacct{parts[2]}/cpuacct.usage", "", 1));
            if (controllers.Contains("memory") && below) probe._peak.Add(($"/sys/fs/cgroup/memory{parts[2]}/memory.max_usage_in_bytes", null));
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                probe._memory.Add($"/sys/fs/cgroup{parts[2]}/memory.events");
                probe._pids.Add($"/sys/fs/cgroup{parts[2]}/pids.events");
                if (below)
                {
                    probe._cpu.Add(($"/sys/fs/cgroup{parts[2]}/cpu.stat", "usage_usec", 1000));
                    probe._peak.Add(($"/sys/fs/cgroup{parts[2]}/memory.peak", null));
                }
            }
        }
        return probe;
    }

    /// <summary>OOM kills and refused forks (pids limit) counted so far; zero when unknown.</summary>
    public (long OomKills, long PidsRefused) Read() =>
        (_memory.Select(f => Counter(f, "oom_kill")).DefaultIfEmpty().Max(), _pids.Select(f => Counter(f, "max")).DefaultIfEmpty().Max());

    /// <summary>
    /// CPU time (nanoseconds) and peak memory (bytes) of the cgroup so far, as the kernel counts them (cgroup v1
    /// <c>cpuacct.usage</c> and <c>memory.max_usage_in_bytes</c>, v2 <c>cpu.stat usage_usec</c> and
    /// <c>memory.peak</c>); null where not readable. The job cannot touch these: they are read from the host.
    /// </summary>
    public (long? CpuNanoseconds, long? PeakMemoryBytes) ReadUsage()
    {
        long? cpu = null, peak = null;
        foreach (var (file, key, scale) in _cpu)
        {
            if (Value(file, key) is { } v) cpu = Math.Max(cpu ?? 0, v * scale);
        }
        foreach (var (file, key) in _peak)
        {
            if (Value(file, key) is { } v) peak = Math.Max(peak ?? 0, v);
        }
        return (cpu, peak);
    }

    private static long Counter(string file, string key) => Value(file, key) ?? 0;

    /// <summary>The value of <paramref name="key"/> in a "key value" file, or the file's single number when the key is empty or null.</summary>
    private static long? Value(string file, string? key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (string.IsNullOrEmpty(key))
                {
                    return long.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var single) ? single : null;
                }
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value)) return value;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }
}
