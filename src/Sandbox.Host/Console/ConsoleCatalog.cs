using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Access;
using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Host.Console;

/// <summary>The operator's jobs and the bureau's grant overview, as far as the principal may see them.</summary>
internal static class ConsoleCatalog
{
    /// <summary>Jobs on one page.</summary>
    public const int PageSize = 50;

    /// <summary>The jobs the principal may see, newest first: states, limits, outputs' metadata and their exports.</summary>
    public static JobsModel Jobs(HttpContext context, SandboxSession session, ConsoleText t)
    {
        var jobs = session.Store.ListJobs().Where(j => session.Can(AccessAction.JobView, Resources.Job(session, j)))
            .OrderByDescending(j => j.CreatedAt).ToList();
        var (page, pages) = ConsolePaging.Of(context, jobs.Count, PageSize);
        var shown = jobs.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var ids = shown.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var now = session.Time.GetUtcNow();
        var exports = session.Store.ListExports().Where(e => ids.Contains(e.JobId))
            .Select(e => (Export: e, Resource: Resources.Export(session, e)))
            .Where(x => session.Can(AccessAction.ExportView, x.Resource))
            .ToLookup(x => x.Export.JobId, x => ConsoleExports.Row(session, x.Export, x.Resource, now, t));
        return new JobsModel([.. shown.Select(j => new JobView(j.Id, j.GrantId, j.Kind, j.State.Name(), j.Backend, j.CreatedAt, Hidden(session, j.Reason),
            Limits(j.Spec),
            // Outputs stay in the domain: names, rows and sizes only, and never the evidence beside them.
            [.. j.Outputs.Where(o => !o.Name.EndsWith(".evidence", StringComparison.Ordinal)).Select(o => new OutputMeta(o.Name, o.Rows, o.Bytes))],
            [.. exports[j.Id]]))], page, pages);
    }

    /// <summary>Grants by lifecycle state with publicity dates and the working days left; data requests and alerts where the principal may see them.</summary>
    public static GrantsModel Grants(SandboxSession session)
    {
        foreach (var g in session.Store.ListGrants()) GrantLifecycleService.Refresh(session, g);
        var calendar = GovernanceStore.Calendar(session);
        var today = session.Today;
        var grants = session.Store.ListGrants().Where(g => session.Can(AccessAction.GrantView, Resources.Grant(g))).Select(record =>
        {
            var grant = record.Grant;
            var (publicizedOn, _) = session.Store.FindLifecycle(record.Id);
            DateOnly? ends = publicizedOn is { } on ? GrantLifecycle.PublicityEnds(on, calendar) : null;
            int? left = ends is { } e && record.State == GrantState.Publicized ? (e > today ? calendar.WorkingDaysIn(today.AddDays(1), e) : 0) : null;
            return new GrantView(record.Id, record.State.Name(), $"{grant.Operator.Name} ({grant.Operator.Id})", grant.Zone, grant.Scenario,
                $"{grant.Period.From:yyyy-MM-dd} – {grant.Period.To:yyyy-MM-dd}", publicizedOn, ends, left);
        }).OrderBy(g => g.State, StringComparer.Ordinal).ThenBy(g => g.Id, StringComparer.Ordinal).ToList();

        var roles = session.Principal.Roles;
        bool Any(AccessAction action) => AccessRules.Table[action].Any(r => roles.Contains(r.Role));
        List<RequestView>? requests = null;
        if (Any(AccessAction.RequestView))
        {
            requests = [.. session.Store.ListDataRequests()
                .Where(r => session.Store.FindGrant(r.GrantId) is { } g && session.Can(AccessAction.RequestView, Resources.Grant(g) with { Owner = r.FiledBy }))
                .Select(r => new RequestView(r.Id, r.GrantId, r.Dataset, string.Join(", ", r.Columns.Select(c => $"{c.Column} ({c.Decision})")), r.FiledBy, r.FiledAt, r.State))];
        }
        List<AlertView>? alerts = session.Can(AccessAction.AlertView, AccessResource.Platform)
            ? [.. session.Store.ListAlerts().Select(a => new AlertView(a.Id ?? "", a.Rule, a.Actor, a.Message, a.RaisedAt, a.Acknowledged is not null))]
            : null;
        return new GrantsModel(grants, requests, alerts, today);
    }

    private static string Limits(JobSpec spec)
    {
        var limits = spec.Limits;
        return string.Create(CultureInfo.InvariantCulture,
            $"{limits.Timeout.TotalSeconds:0}s, {limits.MemoryBytes >> 20} MiB, {limits.Cpus} CPU, {limits.Pids} pids, {limits.OutputBytes >> 20} MiB out");
    }

    // A failure's reason may name a path inside the home; outside the domain it is not shown.
    private static string? Hidden(SandboxSession session, string? reason) => reason?.Replace(session.Home.Root, "$SANDBOX_HOME", StringComparison.Ordinal);
}
