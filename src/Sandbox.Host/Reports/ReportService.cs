using Sandbox.Contracts.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Reports;

/// <summary>
/// The reports of seed §11 and §14, for the principals who may see them: an operator's staff see their own
/// organization's only; the bureau, the governance center and auditors see every operator's. The decision comes
/// first, so another organization's staff learn nothing, not even whether an operator exists.
/// </summary>
internal static class ReportService
{
    /// <summary>The usage report of <paramref name="operatorId"/> for the days <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static UsageReport Usage(SandboxSession session, string operatorId, DateOnly from, DateOnly to)
    {
        session.Authorize(AccessAction.ReportView, AccessResource.Of(operatorId));
        if (to < from) throw new InputException(new LocalMessage("error.report.to-before-from", ("to", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("from", from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        if (to.DayNumber - from.DayNumber > 3660) throw new InputException(new LocalMessage("error.report.ten-years"));
        if (!session.Store.ListGrants().Any(g => g.Grant.Operator.Id == operatorId))
        {
            throw new NotFoundException(new LocalMessage("error.report.no-operator", ("id", operatorId)));
        }
        var report = UsageReport.Build(session, operatorId, from, to);
        session.Store.Record(session.Actor, AuditActions.ReportUsage, operatorId, new { from, to, jobs = report.Jobs.Count, total = report.Charges?.Total });
        return report;
    }

    /// <summary>The annual operation report of <paramref name="operatorId"/> for agreement year <paramref name="year"/>, signed.</summary>
    public static SignedReport Annual(SandboxSession session, string operatorId, int year)
    {
        session.Authorize(AccessAction.ReportView, AccessResource.Of(operatorId));
        var report = AnnualReport.Build(session, operatorId, year);
        var signed = SignedReport.Sign(session, report);
        session.Store.Record(session.Actor, AuditActions.ReportAnnual, operatorId, new { year, report.From, report.To, manifestSha256 = signed.ManifestSha256 });
        return signed;
    }
}
