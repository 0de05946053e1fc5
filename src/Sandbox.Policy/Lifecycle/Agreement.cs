using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Lifecycle;

/// <summary>The signed authorization agreement (seed §5), recorded when a grant is activated.</summary>
public sealed record Agreement
{
    /// <summary>The grant it signs.</summary>
    public required string Grant { get; init; }

    /// <summary>The day it was signed.</summary>
    public required DateOnly Signed { get; init; }

    /// <summary>The parties: the bureau and the operator, at least.</summary>
    public required IReadOnlyList<string> Parties { get; init; }

    /// <summary>What is authorized.</summary>
    public required string Content { get; init; }

    /// <summary>The period of the authorization; equal to the grant's.</summary>
    public required GrantPeriod Period { get; init; }

    /// <summary>The application scope.</summary>
    public required string Scope { get; init; }

    /// <summary>The parties' responsibilities (security, supervision).</summary>
    public required string Responsibilities { get; init; }

    /// <summary>When and how the agreement ends early.</summary>
    public required string Termination { get; init; }

    /// <summary>Lowercase hex SHA-256 of the document text.</summary>
    public string DocumentSha256 { get; init; } = string.Empty;
}
