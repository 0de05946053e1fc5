using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Access;

/// <summary>Which audit entries a principal may read (operators: their own), decided once per actor, not per entry.</summary>
internal static class AuditFilter
{
    public static Func<AuditEntry, bool> For(SandboxSession session)
    {
        var decided = new Dictionary<string, bool>(StringComparer.Ordinal);
        return e =>
        {
            if (!decided.TryGetValue(e.Actor, out var may)) decided[e.Actor] = may = session.Can(AccessAction.AuditRead, Resources.ActedBy(session, e.Actor));
            return may;
        };
    }
}
