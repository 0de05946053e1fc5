using System.Diagnostics;
using System.Globalization;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// The labels every job container carries, so that a host that crashed can find its containers again:
/// which job, which home, and which host process owns it (pid plus start time, since pids are reused).
/// </summary>
internal static class ContainerLabels
{
    public const string Job = "sandbox.job";
    public const string Home = "sandbox.home";
    public const string OwnerPid = "sandbox.owner.pid";
    public const string OwnerStarted = "sandbox.owner.started";

    /// <summary>The labels of a job container started by this process.</summary>
    public static Dictionary<string, string> For(string jobId, string homeRoot) => new(StringComparer.Ordinal)
    {
        [Job] = jobId,
        [Home] = homeRoot,
        [OwnerPid] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        [OwnerStarted] = StartTicks(Environment.ProcessId) ?? "",
    };

    /// <summary>True when the process that started the container still runs (same pid, same start time).</summary>
    public static bool OwnerAlive(IDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(OwnerPid, out var pidText) || !int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid)) return false;
        var started = StartTicks(pid);
        return started is not null && labels.TryGetValue(OwnerStarted, out var recorded) && recorded == started;
    }

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
