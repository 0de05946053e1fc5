using Sandbox.Contracts.Principals;

namespace Sandbox.Policy.Principals;

/// <summary>Someone who acts on the platform, with their roles.</summary>
/// <param name="Id">The principal's id, used with <c>--as</c> and in the audit log.</param>
/// <param name="Name">The principal's display name.</param>
/// <param name="Roles">The principal's roles.</param>
/// <param name="Operator">For the <c>operator</c> role: the operator organization the principal acts for; otherwise null.</param>
public sealed record Principal(string Id, string Name, IReadOnlyList<Role> Roles, string? Operator)
{
    /// <summary>True when the principal holds <paramref name="role"/>.</summary>
    public bool HasRole(Role role) => Roles.Contains(role);
}
