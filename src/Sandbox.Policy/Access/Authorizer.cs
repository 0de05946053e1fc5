using Sandbox.Contracts.Principals;
using Sandbox.Policy.Principals;

namespace Sandbox.Policy.Access;

/// <summary>
/// Decides "may principal P do action A on resource R" from <see cref="AccessRules"/>, and nothing else does.
/// Unknown actions and principals without a matching rule are refused (fail closed).
/// </summary>
public static class Authorizer
{
    /// <summary>The decision for <paramref name="principal"/> doing <paramref name="action"/> on <paramref name="resource"/>.</summary>
    public static AccessDecision Decide(Principal principal, AccessAction action, AccessResource resource)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(resource);
        if (Permits(principal, action, resource)) return AccessDecision.Allow;

        var hidden = AccessRules.VisibilityOf(action) is { } view && view != action
            ? !Permits(principal, view, resource)
            : AccessRules.VisibilityOf(action) == action;
        return new AccessDecision(false, hidden, $"{principal.Id} may not {AccessRules.Phrase(action)}{Needs(action)}");
    }

    /// <summary>True when the principal holds a rule for the action that reaches the resource.</summary>
    public static bool Permits(Principal principal, AccessAction action, AccessResource resource)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(resource);
        if (!AccessRules.Table.TryGetValue(action, out var rules)) return false;
        foreach (var rule in rules)
        {
            if (!principal.HasRole(rule.Role)) continue;
            var reaches = rule.Scope switch
            {
                AccessScope.Any => true,
                // An operator principal always names its organization (the principal loader refuses one without).
                AccessScope.Organization => principal.Operator is { } own && resource.Organizations.Contains(own, StringComparer.Ordinal),
                AccessScope.Own => principal.Operator is { } org && resource.Organizations.Contains(org, StringComparer.Ordinal)
                    && string.Equals(resource.Owner, principal.Id, StringComparison.Ordinal),
                _ => false,
            };
            if (reaches) return true;
        }
        return false;
    }

    private static string Needs(AccessAction action)
    {
        if (!AccessRules.Table.TryGetValue(action, out var rules) || rules.Count == 0) return " (no role may)";
        var parts = rules.Select(r => r.Scope switch
        {
            AccessScope.Organization => $"{r.Role.Name()} of the resource's organization",
            AccessScope.Own => $"{r.Role.Name()} who created it",
            _ => r.Role.Name(),
        }).Distinct();
        return $" (needs role {string.Join(" or ", parts)})";
    }
}
