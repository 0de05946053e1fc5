namespace Sandbox.Contracts.Principals;

/// <summary>The roles a principal may hold (policies/principals.yaml). Contract names are those of <see cref="Roles.Vocabulary"/>.</summary>
public enum Role
{
    /// <summary>Acts for one operator organization: submits jobs and export requests under its grants.</summary>
    Operator,

    /// <summary>The data governance center: technical review, supervision.</summary>
    Governance,

    /// <summary>An expert: comprehensive and cross-border review.</summary>
    Expert,

    /// <summary>The data bureau: policy, grants, datasets, data requests; comprehensive review.</summary>
    Bureau,

    /// <summary>Reads and verifies the audit log.</summary>
    Auditor,

    /// <summary>Administers the platform; reads no operator's data or outputs.</summary>
    Admin,
}

/// <summary>The role vocabulary.</summary>
public static class Roles
{
    /// <summary>The contract names, as written in principals.yaml, manifests and the audit log.</summary>
    public static Vocabulary<Role> Vocabulary { get; } = new("role", new Dictionary<Role, string>
    {
        [Role.Operator] = "operator",
        [Role.Governance] = "governance",
        [Role.Expert] = "expert",
        [Role.Bureau] = "bureau",
        [Role.Auditor] = "auditor",
        [Role.Admin] = "admin",
    });

    /// <summary>The contract name of <paramref name="role"/>.</summary>
    public static string Name(this Role role) => Vocabulary.Name(role);

    /// <summary>The role named <paramref name="name"/>; unknown names fail.</summary>
    public static Role Parse(string name) => Vocabulary.Parse(name);
}
