using Sandbox.Export.Checks;

namespace Sandbox.Export.Release;

/// <summary>
/// What a release bundle says about itself: <c>manifest.json</c>, signed by <c>manifest.sig</c>.
/// Serialized camelCase, in declaration order, so the same manifest always gives the same bytes.
/// </summary>
public sealed record ReleaseManifest
{
    /// <summary>The version of this format; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>The id of this release.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The export request released.</summary>
    public required string ExportId { get; init; }

    /// <summary>The job that produced the output.</summary>
    public required string JobId { get; init; }

    /// <summary>The grant the job ran under.</summary>
    public required string GrantId { get; init; }

    /// <summary>The name of the job output released.</summary>
    public required string Output { get; init; }

    /// <summary>The bundle's files with their hashes and sizes; <see cref="ReleaseBundle.Write"/> fills it in.</summary>
    public IReadOnlyList<ManifestFile> Files { get; init; } = [];

    /// <summary>The datasets the output was computed from, by content hash.</summary>
    public IReadOnlyList<ManifestDataset> Datasets { get; init; } = [];

    /// <summary>The SHA-256 of the policy (grant document) in force, lowercase hex.</summary>
    public required string PolicySha256 { get; init; }

    /// <summary>The SHA-256 of the export policy (disclosure limits) the checks applied, lowercase hex.</summary>
    public string ExportPolicySha256 { get; init; } = "";

    /// <summary>Every automatic check result and the verdict, of the file released.</summary>
    public required CheckReport Checks { get; init; }

    /// <summary>The mitigation applied (<c>suppress</c>, <c>round5</c>, <c>midpoint6</c>), or null.</summary>
    public string? Mitigation { get; init; }

    /// <summary>For a mitigated release, the check results of the unmitigated output; null otherwise.</summary>
    public CheckReport? UnmitigatedChecks { get; init; }

    /// <summary>
    /// Every review decision with its reviewer, roles, note and audit entry, oldest first; those of
    /// <see cref="ReviewRound"/> must approve the export by the review rules, or the bundle does not verify.
    /// </summary>
    public IReadOnlyList<ManifestReview> Reviews { get; init; } = [];

    /// <summary>The review round released: only its reviews count, earlier rounds ended in a return or a reset.</summary>
    public int ReviewRound { get; init; } = 1;

    /// <summary>True when the grant's operator is foreign, so a cross-border approval was due after the comprehensive review.</summary>
    public bool CrossBorder { get; init; }

    /// <summary>The principal who requested the export.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>When the export was requested.</summary>
    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>When the bundle was released.</summary>
    public required DateTimeOffset ReleasedAt { get; init; }

    /// <summary>The Ed25519 public key that verifies the bundle, lowercase hex; <see cref="ReleaseBundle.Write"/> fills it in.</summary>
    public string PublicKey { get; init; } = "";
}
