using System.Globalization;
using Sandbox.Host.Jobs;

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
        [OwnerPid] = ProcessOwner.Current.Pid.ToString(CultureInfo.InvariantCulture),
        [OwnerStarted] = ProcessOwner.Current.Started,
    };

    /// <summary>True when the process that started the container still runs (same pid, same start time).</summary>
    public static bool OwnerAlive(IDictionary<string, string> labels) =>
        labels.TryGetValue(OwnerPid, out var pidText) && int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid)
        && labels.TryGetValue(OwnerStarted, out var started) && new ProcessOwner(pid, started).IsAlive;
}
