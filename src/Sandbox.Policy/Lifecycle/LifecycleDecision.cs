using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Lifecycle;

/// <summary>Whether a lifecycle action may happen, the state it leads to, and why not when refused.</summary>
/// <param name="Allowed">True when the action may happen.</param>
/// <param name="Next">The state after the action (the current state when refused).</param>
/// <param name="Reason">Why it is refused; null when allowed.</param>
public sealed record LifecycleDecision(bool Allowed, GrantState Next, string? Reason);
