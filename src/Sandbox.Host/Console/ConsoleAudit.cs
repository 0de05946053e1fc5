using Microsoft.AspNetCore.Http;
using Sandbox.Host.Access;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Console;

/// <summary>The audit view: the chain's verification (for those who may verify) and the entries the principal may read.</summary>
internal static class ConsoleAudit
{
    /// <summary>Entries on one page.</summary>
    public const int PageSize = 100;

    public static AuditModel Of(HttpContext context, SandboxSession session)
    {
        // As the API: operators read only their own entries; a principal with no audit right is refused.
        if (!AccessRules.Table[AccessAction.AuditRead].Any(r => session.Principal.HasRole(r.Role)))
        {
            session.Authorize(AccessAction.AuditRead, AccessResource.Platform);
        }
        bool? verified = null;
        IReadOnlyList<string> problems = [];
        if (session.Can(AccessAction.AuditVerify, AccessResource.Platform))
        {
            problems = AuditLog.Verify(session.Store);
            verified = problems.Count == 0;
        }
        var (action, actor) = (ConsolePaging.Filter(context, "action"), ConsolePaging.Filter(context, "actor"));
        var root = session.Home.Root;
        var entries = AuditLog.Read(session.Store).Where(AuditFilter.For(session))
            .Where(e => (action is null || e.Action.StartsWith(action, StringComparison.Ordinal)) && (actor is null || e.Actor == actor))
            .Reverse().ToList();
        var (page, pages) = ConsolePaging.Of(context, entries.Count, PageSize);
        return new AuditModel(verified, problems, entries.Count,
            [.. entries.Skip((page - 1) * PageSize).Take(PageSize).Select(e => new AuditRow(e.Seq, e.At, e.Actor, e.Action,
                e.Subject.Replace(root, "$SANDBOX_HOME", StringComparison.Ordinal), e.Detail.Replace(root, "$SANDBOX_HOME", StringComparison.Ordinal)))],
            action, actor, page, pages);
    }
}
