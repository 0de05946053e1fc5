using System.Security.Cryptography;
using System.Text;
using Sandbox.Export.Review;

namespace Sandbox.Export.Release;

/// <summary>
/// Whether a manifest's reviews approve its release, decided offline by replaying them through the same
/// <see cref="ReviewRules"/> the export gate applies: technical then comprehensive (then cross-border for a foreign
/// operator), by distinct principals with the roles each stage needs, none of them the requester, and a written
/// justification for an approval over failing checks. A valid signature proves who signed, not that anyone reviewed.
/// </summary>
public static class ReviewProof
{
    /// <summary>Every reason the reviews of <paramref name="manifest"/> do not approve its release; empty when they do.</summary>
    /// <param name="manifest">The manifest, as signed.</param>
    /// <param name="operatorForeign">True when the registration record names a foreign operator: a cross-border approval is due.</param>
    public static IReadOnlyList<string> Check(ReleaseManifest manifest, bool operatorForeign = false)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        const string Where = ReleaseBundle.ManifestName;
        var problems = new List<string>();
        var round = (manifest.Reviews ?? []).Where(r => r is not null && r.Round == manifest.ReviewRound).ToList();
        if (round.Count == 0)
        {
            return [$"{Where}: records no review of round {manifest.ReviewRound}, so nothing shows the export was approved"];
        }

        // 1. Each review names the audit entry that recorded it and, where given, its note's hash holds.
        foreach (var review in round)
        {
            if (review.AuditSeq <= 0 || !IsSha256(review.AuditHash))
            {
                problems.Add($"{Where}: the {Name(review.Stage)} review by {review.Principal} names no audit log entry");
            }

            if (review.NoteSha256.Length > 0 && !string.Equals(review.NoteSha256, Sha256(review.Note), StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{Where}: the note of the {Name(review.Stage)} review by {review.Principal} does not match its hash");
            }
        }

        // 2. Replay the round from the checked state through the review rules.
        var state = ExportState.Checked;
        var prior = new List<ReviewRecord>();
        bool crossBorder = manifest.CrossBorder || operatorForeign;
        foreach (var review in round)
        {
            var outcome = ReviewRules.Decide(state, manifest.RequestedBy ?? "", manifest.Checks?.Verdict ?? Checks.CheckStatus.Fail, prior,
                review.Principal ?? "", ReviewRoles.FromNames(review.Roles ?? []), review.Stage, review.Action, review.Note ?? "", crossBorder);
            if (!outcome.Allowed)
            {
                problems.Add($"{Where}: the {Name(review.Stage)} review by {review.Principal} does not count: {outcome.Reason}");
                continue;
            }

            state = outcome.NewState;
            prior.Add(review.ToRecord());
        }

        // 3. The round must end approved.
        if (state != ExportState.Approved)
        {
            problems.Add($"{Where}: its reviews leave the export {ReviewRules.Describe(state)}, not approved by every stage due");
        }

        return problems;
    }

    /// <summary>The SHA-256 of a review note in UTF-8, lowercase hex, as <see cref="ManifestReview.NoteSha256"/> records it.</summary>
    public static string Sha256(string? note) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note ?? "")));

    private static bool IsSha256(string? hex) => hex is { Length: 64 } && hex.All(Uri.IsHexDigit);

    private static string Name(ReviewStage stage) => stage switch
    {
        ReviewStage.Technical => "technical",
        ReviewStage.Comprehensive => "comprehensive",
        _ => "cross-border",
    };
}
