using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Host.Governance;

/// <summary>
/// Moves grants through their lifecycle, each step one audited change, and makes a stop take effect at once:
/// queued jobs refused, staged workspaces deleted, pending exports frozen (running jobs are killed by the grant watch).
/// </summary>
public static class GrantLifecycleService
{

    /// <summary>Applies <paramref name="action"/> or throws <see cref="RefusedException"/> with the reason (also audited).</summary>
    /// <param name="session">The session acting.</param>
    /// <param name="grantId">The grant.</param>
    /// <param name="action">What to do.</param>
    /// <param name="reason">Why, for the audit log (suspension, termination, rejection).</param>
    /// <param name="agreementOf">For activation: reads the signed agreement, once the lifecycle allows activating.</param>
    public static GrantState Apply(SandboxSession session, string grantId, GrantAction action, string? reason, Func<Grant, Agreement>? agreementOf = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var verb = action.ToString().ToLowerInvariant();
        var notFound = new LocalMessage("error.no-grant", ("field", "ID"), ("id", grantId));
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException(notFound);
        session.Authorize(action == GrantAction.Suspend ? AccessAction.GrantSuspend : AccessAction.GrantDecide, Resources.Grant(record), notFound);
        var grant = record.Grant;
        var state = record.State;
        var (publicizedOn, _) = session.Store.FindLifecycle(grantId);
        var facts = new LifecycleFacts(grantId, session.Today, grant.Period, publicizedOn, GovernanceStore.Calendar(session));
        var decision = GrantLifecycle.Decide(state, action, facts);
        if (!decision.Allowed)
        {
            session.Store.Record(session.Actor, AuditActions.Refused(AuditActions.Grant(verb)), grantId, new { state = GrantLifecycle.Name(state), reason = decision.Reason });
            throw new ConflictException(decision.Reason!, EnglishShapes.Read(decision.Reason!));
        }

        if (action == GrantAction.Activate && agreementOf is null)
        {
            throw new InputException(new LocalMessage("error.grant.agreement"));
        }

        var agreement = action == GrantAction.Activate ? agreementOf!(grant) : null;

        var next = GrantLifecycle.Name(decision.Next);
        var detail = new
        {
            from = GrantLifecycle.Name(state),
            to = next,
            reason,
            publicityEnds = action == GrantAction.Publicize ? GrantLifecycle.PublicityEnds(session.Today, facts.Calendar) : (DateOnly?)null,
            agreement = agreement is null ? null : new { agreement.Signed, agreement.Parties, agreement.DocumentSha256 },
        };
        session.Store.Change(session.Actor, AuditActions.Grant(verb), grantId, detail, tx =>
        {
            tx.SetGrantState(grantId, decision.Next);
            if (action == GrantAction.Publicize)
            {
                tx.SetPublicized(grantId, session.Today);
            }

            if (agreement is not null)
            {
                tx.SetAgreement(grantId, agreement);
            }

            return 0;
        });

        // A stop takes effect at once (seed §12); a resumption thaws what the stop froze.
        if (decision.Next is GrantState.Suspended or GrantState.Terminated or GrantState.Expired)
        {
            Stop(session, grantId, $"grant {grantId} was {next}{(reason is { Length: > 0 } ? $": {reason}" : string.Empty)}");
            if (decision.Next is GrantState.Terminated) Destroy(session, grantId, "the grant was terminated");
        }
        else if (action == GrantAction.Resume)
        {
            session.Store.Change(session.Actor, AuditActions.ExportThaw, grantId, new { reason = $"grant {grantId} was resumed" },
                tx => tx.ThawExports(grantId));
        }

        return decision.Next;
    }

    /// <summary>
    /// The grant's state today: an active or suspended grant whose period is over is recorded as expired first.
    /// </summary>
    public static GrantState Refresh(SandboxSession session, GrantRecord record)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(record);
        var state = record.State;
        var grant = record.Grant;
        if (GrantLifecycle.Effective(state, grant.Period, session.Today) != GrantState.Expired || state == GrantState.Expired)
        {
            return state;
        }

        var reason = $"its period ended on {grant.Period.To:yyyy-MM-dd}";
        session.Store.Change(session.Actor, AuditActions.GrantExpire, record.Id, new { from = GrantLifecycle.Name(state), to = GrantLifecycle.Name(GrantState.Expired), reason },
            tx => { tx.SetGrantState(record.Id, GrantState.Expired); return 0; });
        Stop(session, record.Id, $"grant {record.Id} expired: {reason}");
        Destroy(session, record.Id, "the grant expired");
        return GrantState.Expired;
    }

    /// <summary>Records an annual evaluation; two consecutive poor years terminate the grant at once.</summary>
    public static (GrantState State, string? Terminated) Evaluate(SandboxSession session, string grantId, int year, EvaluationRating rating, string note)
    {
        ArgumentNullException.ThrowIfNull(session);
        var notFound = new LocalMessage("error.no-grant", ("field", "ID"), ("id", grantId));
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.GrantDecide, Resources.Grant(record), notFound);
        var grant = record.Grant;
        if (year < grant.Period.From.Year || year > grant.Period.To.Year)
        {
            throw new InputException(new LocalMessage("error.grant.year", ("year", year), ("grant", grantId),
                ("from", grant.Period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", grant.Period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
        }

        var name = rating.ToString().ToLowerInvariant();
        session.Store.Change(session.Actor, AuditActions.GrantEvaluate, grantId, new { year, rating = name, note },
            tx => { tx.PutEvaluation(grantId, year, name, note, session.Actor); return 0; });

        var evaluations = session.Store.EvaluationsOf(grantId)
            .Select(e => new AnnualEvaluation(e.Year, Enum.Parse<EvaluationRating>(e.Rating, ignoreCase: true)));
        var state = record.State;
        if (EvaluationRule.TerminationReason(evaluations) is { } reason && state != GrantState.Terminated && state != GrantState.Expired)
        {
            return (Apply(session, grantId, GrantAction.Terminate, reason), reason);
        }

        return (state, null);
    }

    /// <summary>Refuses the grant's queued and staging jobs, deletes their workspaces, freezes its pending exports.</summary>
    // Seed §7: the data a grant was given is destroyed when the grant ends; the audit log names what was removed.
    private static void Destroy(SandboxSession session, string grantId, string why)
    {
        var removed = DataPlane.Materializer.Destroy(session.Home, grantId);
        if (removed.Count > 0) session.Store.Record(session.Actor, AuditActions.MaterializationDelete, grantId, new { reason = why, files = removed });
    }

    private static void Stop(SandboxSession session, string grantId, string reason)
    {
        var store = session.Store;
        foreach (var job in store.ListJobs().Where(j => j.GrantId == grantId && j.State is JobState.Queued or JobState.Staging))
        {
            var refused = job with { State = JobState.Failed, ExitCode = 1, Reason = $"refused: {reason}", FinishedAt = session.Time.GetUtcNow() };
            var workspace = session.Home.WorkspaceOf(job.Id);
            store.Change(session.Actor, AuditActions.JobRefuse, job.Id, new { state = JobState.Failed, reason = refused.Reason, workspaceDeleted = Directory.Exists(workspace) }, tx =>
            {
                tx.PutJob(refused);
                return 0;
            });
            if (Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
            }
        }

        // Workspaces of the grant's finished jobs that a crash left behind.
        foreach (var job in store.ListJobs().Where(j => j.GrantId == grantId && j.State is not JobState.Running))
        {
            var workspace = session.Home.WorkspaceOf(job.Id);
            if (Directory.Exists(workspace))
            {
                store.Record(session.Actor, AuditActions.WorkspaceDelete, job.Id, new { reason, workspace });
                Directory.Delete(workspace, recursive: true);
            }
        }

        store.Change(session.Actor, AuditActions.ExportFreeze, grantId, new { reason }, tx => tx.FreezeExports(grantId, reason));
    }
}
