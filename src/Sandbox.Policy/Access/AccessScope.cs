namespace Sandbox.Policy.Access;

/// <summary>How far a role's permission reaches.</summary>
public enum AccessScope
{
    /// <summary>Every resource of the kind.</summary>
    Any,

    /// <summary>Only resources of the principal's own operator organization.</summary>
    Organization,

    /// <summary>Only resources the principal itself created (a job it submitted, an export it requested).</summary>
    Own,
}
