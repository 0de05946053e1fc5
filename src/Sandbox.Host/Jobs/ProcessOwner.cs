using System.Diagnostics;
using System.Globalization;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Which host process owns a job or a container: its pid plus its start time, since pids are reused. What lets a host
/// that comes back after a crash tell a job still being run by another process from one nobody runs any more.
/// </summary>
internal readonly record struct ProcessOwner(int Pid, string Started)
{
    /// <summary>This process.</summary>
    public static ProcessOwner Current { get; } = new(Environment.ProcessId, StartTicks(Environment.ProcessId) ?? "");

    /// <summary>
    /// True when the process still runs: the same pid, started at the same time. The time is compared within a second:
    /// read from another process it differs by the jitter of the boot time .NET derives it from (a detached worker's
    /// job is judged by other processes), while a pid reused within the same second is not a case that occurs.
    /// </summary>
    public bool IsAlive =>
        long.TryParse(Started, NumberStyles.None, CultureInfo.InvariantCulture, out var recorded)
        && long.TryParse(StartTicks(Pid), NumberStyles.None, CultureInfo.InvariantCulture, out var now)
        && Math.Abs(now - recorded) < TimeSpan.TicksPerSecond;

    private static string? StartTicks(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
