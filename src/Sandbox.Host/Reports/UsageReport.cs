using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Reports;

/// <summary>
/// What one operator organization used from <see cref="From"/> to <see cref="To"/> (whole days of the domain's
/// calendar, both included) and, when a pricing is in force, what it costs (seed §11): every metered job, the
/// export requests and releases, and the days it held a grant in force.
/// </summary>
internal sealed record UsageReport(
    string Operator, DateOnly From, DateOnly To, IReadOnlyList<UsageReport.JobLine> Jobs, UsageReport.ExportUse Exports,
    int SecurityDays, UsageReport.Totals Total, Charges? Charges)
{
    /// <summary>One job and what it used; the figures are null when it was not metered (it never ran).</summary>
    public sealed record JobLine(
        string Id, string Grant, string Backend, string State, string SubmittedBy, DateTimeOffset CreatedAt, string? Attribution,
        double? WallSeconds, double? CpuSeconds, long? PeakMemoryBytes, long? ReadBytes, long? WrittenBytes);

    /// <summary>Export requests checked by the gate, releases (results and models) and the bytes released.</summary>
    public sealed record ExportUse(int Requests, int ResultReleases, int ModelReleases, long ReleasedBytes, IReadOnlyList<Release> Released);

    /// <summary>One release: its export, release id, product name and bytes; a model when its file is not a CSV table.</summary>
    public sealed record Release(string Export, string ReleaseId, string? Product, DateTimeOffset At, long Bytes, bool Model);

    /// <summary>The sums of the metered figures.</summary>
    public sealed record Totals(int Jobs, int Metered, double WallSeconds, double CpuSeconds, double MemoryGibHours, long ReadBytes, long WrittenBytes);

    /// <summary>The day of <paramref name="time"/> in the domain's calendar (China Standard Time, UTC+8).</summary>
    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>Builds the report from the store. The caller has authorized the actor for the operator's reports.</summary>
    public static UsageReport Build(SandboxSession session, string operatorId, DateOnly from, DateOnly to)
    {
        var store = session.Store;
        bool Within(DateTimeOffset t) => DayOf(t) >= from && DayOf(t) <= to;

        // 1. The operator's grants, and its jobs (all of them: an export of an older job still counts when released in the window).
        var grants = store.ListGrants().Select(g => g.Grant).Where(g => g.Operator.Id == operatorId).ToList();
        var grantIds = grants.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var allJobs = store.ListJobs().Where(j => grantIds.Contains(j.GrantId)).ToDictionary(j => j.Id, StringComparer.Ordinal);

        // 2. Metered use of the jobs submitted in the window.
        var usage = store.ListJobUsage();
        var lines = allJobs.Values.Where(j => Within(j.CreatedAt)).Select(j =>
        {
            var u = usage.GetValueOrDefault(j.Id);
            return new JobLine(j.Id, j.GrantId, j.Backend, j.State.Name(), j.SubmittedBy, j.CreatedAt, u?.Attribution,
                u is null ? null : u.WallMilliseconds / 1000.0, u?.CpuMilliseconds / 1000.0, u?.PeakMemoryBytes, u?.ReadBytes, u?.WrittenBytes);
        }).ToList();
        var metered = lines.Where(l => l.Attribution is not null).Select(l => usage[l.Id]).ToList();
        var totals = new Totals(
            lines.Count, metered.Count, metered.Sum(u => u.WallMilliseconds) / 1000.0, metered.Sum(u => u.CpuMilliseconds ?? 0) / 1000.0,
            metered.Sum(MemoryGibHours), metered.Sum(u => u.ReadBytes ?? 0), metered.Sum(u => u.WrittenBytes ?? 0));

        // 3. Export requests in the window; releases at the time the audit log records them.
        var exports = store.ListExports().Where(e => allJobs.ContainsKey(e.JobId)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var releases = AuditLog.Read(store)
            .Where(a => a.Action == AuditActions.ExportRelease && exports.ContainsKey(a.Subject) && Within(a.At))
            .Select(a =>
            {
                var e = exports[a.Subject];
                var bytes = allJobs[e.JobId].Outputs.FirstOrDefault(o => o.Name == e.Output)?.Bytes ?? 0;
                var product = AuditDetail.Text(AuditDetail.Parse(a.Detail), "product");
                return new Release(e.Id, e.ReleaseId ?? "", product, a.At, bytes, IsModel(e.Path));
            }).ToList();
        var exportUse = new ExportUse(
            exports.Values.Count(e => Within(e.RequestedAt)), releases.Count(r => !r.Model), releases.Count(r => r.Model),
            releases.Sum(r => r.Bytes), releases);

        // 4. Days a grant was in force: signed, and within its period.
        var days = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (grants.Any(g => InForce(g, day))) days++;
        }

        var report = new UsageReport(operatorId, from, to, lines, exportUse, days, totals, null);
        return PricingPolicy.Of(session) is { } pricing ? report with { Charges = Charges.Of(report, pricing.Pricing, pricing.Sha256) } : report;
    }

    /// <summary>Peak memory in GiB held for the job's wall time, in hours; zero when the memory was not attributable.</summary>
    public static double MemoryGibHours(JobUsage u) =>
        u.PeakMemoryBytes is { } peak ? peak / (double)(1L << 30) * (u.WallMilliseconds / 3_600_000.0) : 0;

    /// <summary>A grant is in force on a day when its agreement is signed by then and the day is within its period.</summary>
    public static bool InForce(Grant g, DateOnly day) =>
        g.AgreementSigned is { } signed && signed <= day && g.Period.From <= day && day <= g.Period.To;

    /// <summary>A release is a model's when its file is not a CSV table (models leave as artefacts of container jobs).</summary>
    public static bool IsModel(string path) => !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}
