using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Governance.Supervision;

/// <summary>Runs the monitoring rules and stores each new alert, audited; alerts raised before are not raised again.</summary>
internal static class MonitorService
{

    /// <summary>
    /// Records that an alert was dealt with, with a note (the governance center or the bureau, seed §12); an alert is
    /// acknowledged once. Suspending the grant on its recommendation is its own command (<c>grant suspend</c>).
    /// </summary>
    public static Alert Acknowledge(SandboxSession session, string alertId, string note)
    {
        session.Authorize(AccessAction.AlertAcknowledge, AccessResource.Platform);
        if (string.IsNullOrWhiteSpace(note) || note.Length > 4000) throw new InputException(new LocalMessage("error.monitor.note"));
        var alert = session.Store.ListAlerts().FirstOrDefault(a => a.Id == alertId) ?? throw new NotFoundException(new LocalMessage("error.monitor.not-found", ("id", alertId)));
        if (alert.Acknowledged is { } done) throw new ConflictException(new LocalMessage("error.monitor.acknowledged", ("id", alertId), ("by", done.By)));
        var ack = new AlertAcknowledgement(session.Actor, note.Trim(), session.Time.GetUtcNow());
        session.Store.Change(session.Actor, AuditActions.AlertAcknowledge, alertId, new { note = ack.Note, alert.Rule, alert.Recommendation },
            tx => tx.AcknowledgeAlert(alertId, ack));
        return alert with { Acknowledged = ack };
    }

    /// <summary>Evaluates every rule; returns the alerts raised by this run.</summary>
    public static IReadOnlyList<Alert> Run(SandboxSession session)
    {
        session.Authorize(AccessAction.MonitorRun, AccessResource.Platform);

        var known = session.Store.ListAlerts().Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var next = session.Store.ListAlerts().Count + 1;
        var raised = new List<Alert>();
        foreach (var alert in MonitorRules.Evaluate(AuditLog.Read(session.Store), session.Store.ListJobs(), j => Jobs.JobReading.Of(session, j)).Where(a => known.Add(a.Fingerprint)))
        {
            var stored = alert with { Id = "alert-" + next++.ToString("D4", CultureInfo.InvariantCulture), RaisedAt = session.Time.GetUtcNow() };
            session.Store.Change(session.Actor, AuditActions.AlertRaise, stored.Id!,
                new { stored.Rule, stored.Actor, stored.Recommendation, stored.Message, stored.Evidence },
                tx => tx.AddAlert(stored));
            raised.Add(stored);
        }

        return raised;
    }
}
