using Sandbox.Contracts.Audit;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Reports;

/// <summary>
/// The annual operation report of one operator organization (seed §14), for one agreement year: the year counted from
/// the operator's first signed agreement, not the calendar year, due in its last week. It gathers the jobs, the
/// products released and registered, usage and cost, data-quality reports, alerts and what became of them, and the
/// evaluation record of the operator's grants.
/// </summary>
internal sealed record AnnualReport(
    string Operator, int Year, DateOnly From, DateOnly To, DateOnly Due, DateOnly AgreementStart,
    IReadOnlyDictionary<string, int> JobsByState, int Jobs, IReadOnlyList<AnnualReport.Product> Products,
    UsageReport.Totals Usage, UsageReport.ExportUse Exports, int SecurityDays, Charges? Cost,
    IReadOnlyList<AnnualReport.Quality> QualityReports, IReadOnlyList<AnnualReport.AlertLine> Alerts,
    IReadOnlyList<AnnualReport.Action> SupervisionActions, IReadOnlyList<AnnualReport.Evaluation> Evaluations)
{
    /// <summary>A released product; registered when its bundle holds the signed registration record.</summary>
    public sealed record Product(string ReleaseId, string Export, string? Name, DateTimeOffset ReleasedAt, long Bytes, bool Model, bool Registered);

    /// <summary>A data-quality report the operator's staff filed, and where it stands.</summary>
    public sealed record Quality(string Id, string Dataset, string? Column, DateTimeOffset FiledAt, string State, string? Resolution);

    /// <summary>An alert about the operator's staff or grants, and its outcome (open, or who dealt with it and how).</summary>
    public sealed record AlertLine(string Id, string Rule, string Actor, DateTimeOffset RaisedAt, string Message, string Recommendation, string Outcome);

    /// <summary>A supervision decision on one of the operator's grants (suspension, resumption, termination).</summary>
    public sealed record Action(DateTimeOffset At, string Name, string Grant, string By);

    /// <summary>An annual evaluation of one of the operator's grants.</summary>
    public sealed record Evaluation(string Grant, int Year, string Rating, string Note, string By);

    private static readonly HashSet<string> SupervisionNames = new(StringComparer.Ordinal)
    {
        AuditActions.GrantSuspend, AuditActions.GrantResume, AuditActions.GrantTerminate, AuditActions.GrantExpire,
    };

    /// <summary>
    /// The report for agreement year <paramref name="year"/> (1 = the year from the first signed agreement).
    /// Throws <see cref="NotFoundException"/> for an operator with no grant, <see cref="RefusedException"/> for one
    /// without a signed agreement or a year that has not begun, <see cref="InputException"/> for a year below 1.
    /// </summary>
    public static AnnualReport Build(SandboxSession session, string operatorId, int year)
    {
        if (year < 1) throw new InputException(new LocalMessage("error.report.year", ("year", year)));
        var grants = session.Store.ListGrants().Select(g => g.Grant).Where(g => g.Operator.Id == operatorId).ToList();
        if (grants.Count == 0) throw new NotFoundException(new LocalMessage("error.report.no-operator", ("id", operatorId)));
        var start = grants.Where(g => g.AgreementSigned is not null).Select(g => g.AgreementSigned!.Value).DefaultIfEmpty().Min();
        if (start == default) throw new RefusedException(new LocalMessage("error.report.no-agreement", ("id", operatorId)));
        var from = start.AddYears(year - 1);
        var to = start.AddYears(year).AddDays(-1);
        if (from > session.Today) throw new RefusedException(new LocalMessage("error.report.year-future", ("year", year), ("id", operatorId), ("from", from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));

        // 1. Usage, cost, exports and releases: the usage report of the agreement year.
        var usage = UsageReport.Build(session, operatorId, from, to);
        bool Within(DateTimeOffset t) => UsageReport.DayOf(t) >= from && UsageReport.DayOf(t) <= to;
        var exports = session.Store.ListExports().ToDictionary(e => e.Id, StringComparer.Ordinal);
        var products = usage.Exports.Released.Select(r => new Product(
            r.ReleaseId, r.Export, r.Product, r.At, r.Bytes, r.Model,
            exports.GetValueOrDefault(r.Export)?.BundlePath is { } bundle && File.Exists(Path.Combine(bundle, Sandbox.Export.Release.ReleaseBundle.RegistrationName)))).ToList();

        // 2. The operator's staff: data-quality reports they filed, alerts about them or its grants.
        var staff = session.Store.ListPrincipals().Where(p => p.Operator == operatorId).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var grantIds = grants.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var quality = session.Store.ListQualityReports().Where(q => staff.Contains(q.FiledBy) && Within(q.FiledAt))
            .Select(q => new Quality(q.Id, q.Dataset, q.Column, q.FiledAt, q.State, q.Resolution)).ToList();
        var alerts = session.Store.ListAlerts()
            .Where(a => a.RaisedAt is { } at && Within(at) && (staff.Contains(a.Actor) || a.Evidence.Grants.Any(grantIds.Contains)))
            .Select(a => new AlertLine(a.Id!, a.Rule, a.Actor, a.RaisedAt!.Value, a.Message, a.Recommendation,
                a.Acknowledged is { } ack ? $"acknowledged by {ack.By} on {UsageReport.DayOf(ack.At):yyyy-MM-dd}: {ack.Note}" : "open")).ToList();
        var actions = AuditLog.Read(session.Store).Where(e => SupervisionNames.Contains(e.Action) && grantIds.Contains(e.Subject) && Within(e.At))
            .Select(e => new Action(e.At, e.Action, e.Subject, e.Actor)).ToList();

        // 3. The evaluation record: every evaluation of the operator's grants up to the calendar year the agreement year ends in.
        var evaluations = grants.SelectMany(g => session.Store.EvaluationsOf(g.Id).Where(e => e.Year <= to.Year).Select(e => new Evaluation(g.Id, e.Year, e.Rating, e.Note, e.By)))
            .OrderBy(e => e.Year).ThenBy(e => e.Grant, StringComparer.Ordinal).ToList();

        var byState = usage.Jobs.GroupBy(j => j.State).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new AnnualReport(operatorId, year, from, to, to.AddDays(-6), start, byState, usage.Jobs.Count, products,
            usage.Total, usage.Exports, usage.SecurityDays, usage.Charges, quality, alerts, actions, evaluations);
    }
}
