using Microsoft.AspNetCore.Http;
using Sandbox.Host.Access;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Audit;
using Sandbox.Host.Governance.Supervision;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Api;

/// <summary>Alerts and the audit log over the API, as far as the principal may read them.</summary>
internal static class ApiSupervision
{
    public static IResult Alerts(SandboxSession session)
    {
        session.Authorize(AccessAction.AlertView, AccessResource.Platform);
        return ApiResults.Json(session.Store.ListAlerts());
    }

    /// <summary>Acknowledges an alert with <c>{"note"}</c>.</summary>
    public static async Task<IResult> AcknowledgeAsync(HttpContext context, SandboxSession session, string id)
    {
        var body = await ApiBodies.ReadAsync<NoteBody>(context).ConfigureAwait(false);
        return ApiResults.Json(MonitorService.Acknowledge(session, id, body?.Note ?? ""));
    }

    /// <summary>The body of an acknowledgement: <c>{"note"}</c>.</summary>
    internal sealed record NoteBody(string? Note);

    /// <summary>Operators read only their own entries; a principal with no audit right is refused.</summary>
    public static IResult Audit(SandboxSession session)
    {
        if (!AccessRules.Table[AccessAction.AuditRead].Any(r => session.Principal.HasRole(r.Role)))
        {
            session.Authorize(AccessAction.AuditRead, AccessResource.Platform);
        }
        // Entries name files inside the home; outside the domain the home's own path is not shown.
        var root = session.Home.Root;
        return ApiResults.Json(AuditLog.Read(session.Store)
            .Where(AuditFilter.For(session))
            .Select(e => e with { Subject = e.Subject.Replace(root, "$SANDBOX_HOME", StringComparison.Ordinal), Detail = e.Detail.Replace(root, "$SANDBOX_HOME", StringComparison.Ordinal) }).ToList());
    }

    public static IResult Verify(SandboxSession session)
    {
        session.Authorize(AccessAction.AuditVerify, AccessResource.Platform);
        var problems = AuditLog.Verify(session.Store);
        return ApiResults.Json(new AuditVerifyBody(problems.Count == 0, AuditLog.Read(session.Store).Count, problems));
    }
}
