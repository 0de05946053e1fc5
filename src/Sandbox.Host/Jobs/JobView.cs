using Sandbox.Host.Store;

namespace Sandbox.Host.Jobs;

/// <summary>
/// A job as the contracts show it (`job show --json`, `GET /v1/jobs/ID`). Inside the domain (the local CLI) outputs
/// carry their paths; outside it (the API) they do not, and no reason names the home's folder.
/// </summary>
internal static class JobView
{
    public static object Of(JobRecord j, string? homeToHide = null, JobUsage? usage = null) => new
    {
        j.Id,
        j.State,
        j.ExitCode,
        Reason = homeToHide is null ? j.Reason : j.Reason?.Replace(homeToHide, "$SANDBOX_HOME", StringComparison.Ordinal),
        outputs = j.Outputs.Select(o => homeToHide is null ? (object)new { o.Name, o.Path, o.Rows, o.Bytes } : new { o.Name, o.Rows, o.Bytes }),
        grant = j.GrantId,
        j.Kind,
        j.Backend,
        j.SubmittedBy,
        j.CreatedAt,
        j.FinishedAt,
        usage = usage is null ? null : new
        {
            usage.Attribution,
            wallSeconds = usage.WallMilliseconds / 1000.0,
            cpuSeconds = usage.CpuMilliseconds / 1000.0,
            usage.PeakMemoryBytes,
            usage.ReadBytes,
            usage.WrittenBytes,
        },
    };
}
