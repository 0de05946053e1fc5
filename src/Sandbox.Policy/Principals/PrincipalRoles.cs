namespace Sandbox.Policy.Principals;

/// <summary>The roles a principal may hold.</summary>
public static class PrincipalRoles
{
    /// <summary>Acts for one operator organization: submits jobs and export requests under its grants.</summary>
    public const string Operator = "operator";

    /// <summary>The data governance body: reviews grants and exports.</summary>
    public const string Governance = "governance";

    /// <summary>An expert reviewer.</summary>
    public const string Expert = "expert";

    /// <summary>The data bureau: approves data requests, supervises.</summary>
    public const string Bureau = "bureau";

    /// <summary>Reads the audit log.</summary>
    public const string Auditor = "auditor";

    /// <summary>Administers the platform.</summary>
    public const string Admin = "admin";

    /// <summary>All roles.</summary>
    public static IReadOnlyList<string> All { get; } = [Operator, Governance, Expert, Bureau, Auditor, Admin];
}
