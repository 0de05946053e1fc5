using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Governance.Quality;

/// <summary>Data-quality reports (seed §13): operator files, bureau forwards with a deadline, then resolves.</summary>
internal static class QualityService
{
    /// <summary>Files a report; the actor must hold the operator role.</summary>
    public static QualityReport Report(SandboxSession session, string dataset, string? column, string problem)
    {
        var notFound = new LocalMessage("error.no-dataset", ("name", dataset));
        var record = session.Store.FindDataset(dataset) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.QualityReport, Resources.Dataset(session, record.Name), notFound);
        string? known = null;
        if (column is not null)
        {
            known = record.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))?.Name
                ?? throw new InputException(new LocalMessage("error.quality.no-column", ("dataset", record.Name), ("column", column)));
        }

        if (string.IsNullOrWhiteSpace(problem)) throw new InputException(new LocalMessage("error.quality.problem"));
        var id = "dq-" + (session.Store.CountQualityReports() + 1).ToString("D4", CultureInfo.InvariantCulture);
        var report = new QualityReport(id, record.Name, known, problem.Trim(), session.Actor, session.Time.GetUtcNow(), "filed");
        session.Store.Change(session.Actor, AuditActions.QualityReport, id, new { dataset = record.Name, column = known, problem = report.Problem },
            tx => { tx.PutQualityReport(report); return 0; });
        return report;
    }

    /// <summary>Forwards a filed report to its provider with a deadline <paramref name="days"/> days from today (bureau).</summary>
    public static QualityReport Forward(SandboxSession session, string id, string provider, int days)
    {
        RequireBureau(session);
        if (string.IsNullOrWhiteSpace(provider)) throw new InputException(new LocalMessage("error.quality.provider"));
        if (days < 1) throw new InputException(new LocalMessage("error.quality.days"));
        var report = Find(session, id);
        if (report.State != "filed") throw new ConflictException(new LocalMessage("error.quality.not-filed", ("id", id), ("state", report.State)));
        var next = report with { State = "forwarded", Provider = provider.Trim(), Deadline = session.Today.AddDays(days), ForwardedBy = session.Actor };
        session.Store.Change(session.Actor, AuditActions.QualityForward, id, new { provider = next.Provider, deadline = next.Deadline },
            tx => { tx.PutQualityReport(next); return 0; });
        return next;
    }

    /// <summary>Records how a report was resolved (bureau).</summary>
    public static QualityReport Resolve(SandboxSession session, string id, string note)
    {
        RequireBureau(session);
        if (string.IsNullOrWhiteSpace(note)) throw new InputException(new LocalMessage("error.quality.resolve-note"));
        var report = Find(session, id);
        if (report.State == "resolved") throw new ConflictException(new LocalMessage("error.quality.resolved", ("id", id)));
        var next = report with { State = "resolved", Resolution = note.Trim(), ResolvedBy = session.Actor, ResolvedAt = session.Time.GetUtcNow() };
        session.Store.Change(session.Actor, AuditActions.QualityResolve, id, new { note = next.Resolution, overdue = report.IsOverdue(session.Today) },
            tx => { tx.PutQualityReport(next); return 0; });
        return next;
    }

    private static QualityReport Find(SandboxSession session, string id) =>
        session.Store.ListQualityReports().FirstOrDefault(q => q.Id == id) ?? throw new InputException(new LocalMessage("error.quality.not-found", ("id", id)));

    private static void RequireBureau(SandboxSession session) => session.Authorize(AccessAction.QualityDecide, AccessResource.Platform);
}
