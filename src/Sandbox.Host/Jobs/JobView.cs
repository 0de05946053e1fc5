using Sandbox.Host.Store;

namespace Sandbox.Host.Jobs;

/// <summary>
/// A job as the local CLI shows it (`job show --json`): inside the domain, outputs carry their paths. The API answers
/// with its own typed body (<c>JobBody</c>, in <c>Api/Bodies/JobBodies.cs</c>), which hides them.
/// </summary>
internal static class JobView
{
    public static object Of(JobRecord j, JobUsage? usage = null) => new
    {
        j.Id,
        j.State,
        j.ExitCode,
        j.Reason,
        outputs = j.Outputs.Select(o => new { o.Name, o.Path, o.Rows, o.Bytes }),
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
