namespace Sandbox.Policy.Access;

/// <summary>One role's permission for an action, and how far it reaches.</summary>
/// <param name="Role">A role of <see cref="Principals.PrincipalRoles"/>.</param>
/// <param name="Scope">Which resources the permission covers.</param>
public sealed record AccessRule(string Role, AccessScope Scope);
