using Sandbox.Contracts.Principals;

namespace Sandbox.Policy.Access;

/// <summary>One role's permission for an action, and how far it reaches.</summary>
/// <param name="Role">The role the permission is given to.</param>
/// <param name="Scope">Which resources the permission covers.</param>
public sealed record AccessRule(Role Role, AccessScope Scope);
