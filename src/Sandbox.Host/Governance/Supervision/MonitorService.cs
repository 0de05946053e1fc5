using System.Globalization;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Governance.Supervision;

/// <summary>Runs the monitoring rules and stores each new alert, audited; alerts raised before are not raised again.</summary>
internal static class MonitorService
{

    /// <summary>Evaluates every rule; returns the alerts raised by this run.</summary>
    public static IReadOnlyList<Alert> Run(SandboxSession session)
    {
        session.Authorize(AccessAction.MonitorRun, AccessResource.Platform);

        var known = session.Store.ListAlerts().Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var next = session.Store.ListAlerts().Count + 1;
        var raised = new List<Alert>();
        foreach (var alert in MonitorRules.Evaluate(AuditLog.Read(session.Store), session.Store.ListJobs()).Where(a => known.Add(a.Fingerprint)))
        {
            var stored = alert with { Id = "alert-" + next++.ToString("D4", CultureInfo.InvariantCulture), RaisedAt = session.Time.GetUtcNow() };
            session.Store.Change(session.Actor, "alert.raise", stored.Id!,
                new { stored.Rule, stored.Actor, stored.Recommendation, stored.Message, stored.Evidence },
                tx => session.Store.AddAlert(tx, stored));
            raised.Add(stored);
        }

        return raised;
    }
}
