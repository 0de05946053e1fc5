using Sandbox.Contracts.Principals;
using Sandbox.Policy.Access;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Localization;

/// <summary>
/// The authorizer's refusal as a message by id, so the CLI can say it in the reader's language. Its English rendering
/// is the authorizer's own reason word for word (the audit log and the API keep that one).
/// </summary>
internal static class AccessRefusal
{
    public static LocalMessage Of(Principal principal, AccessAction action) =>
        new("access.refusal", ("principal", principal.Id), ("action", Phrase(action)), ("needs", Needs(action)));

    /// <summary>The action in words: "review exports", "审核导出申请".</summary>
    public static LocalMessage Phrase(AccessAction action) => new($"access.action.{action}");

    private static LocalMessage Needs(AccessAction action)
    {
        if (!AccessRules.Table.TryGetValue(action, out var rules) || rules.Count == 0) return new("access.needs-none");
        var parts = rules.Select(r => (r.Scope, Role: r.Role.Name())).Distinct().ToList();
        // "a or b or c": each part a message, joined by the language's "or".
        LocalMessage? joined = null;
        foreach (var (scope, role) in parts)
        {
            var part = new LocalMessage(scope switch
            {
                AccessScope.Organization => "access.rule-organization",
                AccessScope.Own => "access.rule-own",
                _ => "access.rule-any",
            }, ("role", role));
            joined = joined is null ? part : new LocalMessage("access.or", ("left", joined), ("right", part));
        }
        return new("access.needs", ("roles", joined));
    }
}
