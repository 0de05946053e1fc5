using Sandbox.Export.Release;
using Sandbox.Export.Review;

namespace Sandbox.Host.Audit;

/// <summary>A review decision as the audit log recorded it and the review rules accepted it on replay.</summary>
/// <param name="Seq">The sequence number of the <c>export.review</c> entry.</param>
/// <param name="Hash">That entry's hash.</param>
/// <param name="Principal">The reviewer.</param>
/// <param name="Roles">The reviewer's roles at that entry, as the log's policy entries declared them.</param>
/// <param name="Stage">The stage reviewed.</param>
/// <param name="Action">The decision.</param>
/// <param name="Note">The note or justification.</param>
/// <param name="OverridesFailingChecks">True for an approval over failing checks.</param>
/// <param name="At">When the entry was recorded.</param>
/// <param name="Round">The review round of the export.</param>
internal sealed record ReplayedReview(
    long Seq, string Hash, string Principal, IReadOnlyList<string> Roles, ReviewStage Stage, ReviewAction Action, string Note,
    bool OverridesFailingChecks, DateTimeOffset At, int Round)
{
    /// <summary>The decision as the review rules take it.</summary>
    public ReviewRecord ToRecord() => new(Principal, Stage, Action, Note, At);

    /// <summary>The decision as a release manifest records it.</summary>
    public ManifestReview ToManifest() => new()
    {
        Principal = Principal,
        Roles = Roles,
        Stage = Stage,
        Action = Action,
        Note = Note,
        NoteSha256 = ReviewProof.Sha256(Note),
        OverridesFailingChecks = OverridesFailingChecks,
        At = At,
        Round = Round,
        AuditSeq = Seq,
        AuditHash = Hash,
    };
}
