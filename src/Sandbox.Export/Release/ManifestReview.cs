using Sandbox.Export.Review;

namespace Sandbox.Export.Release;

/// <summary>
/// One review decision as a release manifest records it: who decided, in which role, at which stage, what, when, and the
/// audit log entry that recorded it. The keys <c>principal</c>, <c>stage</c>, <c>action</c>, <c>note</c> and <c>at</c>
/// keep the meaning they had before the other keys were added.
/// </summary>
public sealed record ManifestReview
{
    /// <summary>The reviewer's principal id.</summary>
    public required string Principal { get; init; }

    /// <summary>The reviewer's roles when the decision was recorded, as the audit log's policy entries declare them.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The stage reviewed.</summary>
    public required ReviewStage Stage { get; init; }

    /// <summary>The decision.</summary>
    public required ReviewAction Action { get; init; }

    /// <summary>The reviewer's note; for an approval over a failing check, the justification.</summary>
    public string Note { get; init; } = "";

    /// <summary>The SHA-256 of <see cref="Note"/> in UTF-8, lowercase hex.</summary>
    public string NoteSha256 { get; init; } = "";

    /// <summary>True when this approval overrides failing automatic checks; <see cref="Note"/> is then its justification.</summary>
    public bool OverridesFailingChecks { get; init; }

    /// <summary>When the decision was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The review round the decision belongs to: 1, plus one per resubmission or reset of the export.</summary>
    public int Round { get; init; } = 1;

    /// <summary>The sequence number of the audit log entry that recorded the decision.</summary>
    public long AuditSeq { get; init; }

    /// <summary>The hash of that audit log entry, lowercase hex.</summary>
    public string AuditHash { get; init; } = "";

    /// <summary>The decision as the review rules take it.</summary>
    public ReviewRecord ToRecord() => new(Principal, Stage, Action, Note, At);
}
