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

    /// <summary>True when the process still runs: the same pid, started at the same time.</summary>
    public bool IsAlive => Started.Length > 0 && StartTicks(Pid) == Started;

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
