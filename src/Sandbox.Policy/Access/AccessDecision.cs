namespace Sandbox.Policy.Access;

/// <summary>The authorizer's answer: allowed, refused with a reason, or refused as if the resource did not exist.</summary>
/// <param name="Allowed">True when the principal may act.</param>
/// <param name="Hidden">True when the principal may not even know the resource exists: answer "not found".</param>
/// <param name="Reason">Why it was refused (names principal, action and the rule); null when allowed.</param>
public sealed record AccessDecision(bool Allowed, bool Hidden, string? Reason)
{
    /// <summary>Allowed.</summary>
    public static AccessDecision Allow { get; } = new(true, false, null);
}
