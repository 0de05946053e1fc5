using Sandbox.Contracts.Principals;
using Sandbox.Export.Checks;

namespace Sandbox.Export.Review;

/// <summary>
/// The two-stage review of the export gate (seed §10): technical review by the governance center,
/// then comprehensive review by experts, each by a different principal than the requester and each other.
/// </summary>
public static class ReviewRules
{
    /// <summary>The shortest justification that lets a reviewer approve over a failing check.</summary>
    public const int MinJustificationLength = 20;

    /// <summary>Decides whether <paramref name="reviewer"/> may record <paramref name="action"/> at <paramref name="stage"/>.</summary>
    /// <param name="state">The export's current state.</param>
    /// <param name="requester">The principal who requested the export.</param>
    /// <param name="verdict">The verdict of the automatic checks.</param>
    /// <param name="prior">The reviews recorded so far, oldest first.</param>
    /// <param name="reviewer">The principal reviewing now.</param>
    /// <param name="reviewerRoles">The reviewer's roles.</param>
    /// <param name="stage">The stage being reviewed.</param>
    /// <param name="action">The decision.</param>
    /// <param name="note">The reviewer's note; the justification when approving over a failing check.</param>
    /// <param name="crossBorder">True when the grant's operator is foreign: a cross-border stage follows the comprehensive one.</param>
    /// <returns>Allowed with the new state, or refused with the state unchanged and one sentence saying why.</returns>
    public static ReviewOutcome Decide(
        ExportState state,
        string requester,
        CheckStatus verdict,
        IReadOnlyList<ReviewRecord> prior,
        string reviewer,
        IReadOnlyCollection<Role> reviewerRoles,
        ReviewStage stage,
        ReviewAction action,
        string note,
        bool crossBorder = false)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(reviewer);
        ArgumentNullException.ThrowIfNull(reviewerRoles);
        note ??= "";

        // 1. Final states take nothing more.
        if (state.IsFinal())
        {
            return Refuse(state, $"The export is {Describe(state)} and can no longer be reviewed.");
        }

        // 2. Separation of duties: the requester never reviews.
        if (SamePrincipal(reviewer, requester))
        {
            return Refuse(state, "The requester may not review their own export.");
        }

        // 3. The right role for the stage.
        if (!ReviewRoles.MayReview(stage, reviewerRoles))
        {
            return Refuse(state, $"The {Describe(stage)} review needs {ReviewRoles.Describe(stage)}, which {reviewer} does not have.");
        }

        // 4. The stage that is due.
        if (stage == ReviewStage.CrossBorder && !crossBorder)
        {
            return Refuse(state, "The grant's operator is not foreign, so there is no cross-border stage to review.");
        }

        var due = stage switch
        {
            ReviewStage.Technical => ExportState.Checked,
            ReviewStage.Comprehensive => ExportState.TechnicalApproved,
            _ => ExportState.ComprehensiveApproved,
        };
        if (state != due)
        {
            return Refuse(state, state == ExportState.ChangesRequested
                ? "The export was returned for changes and cannot be reviewed until its requester resubmits it."
                : $"The {Describe(stage)} review needs an export that is {Describe(due)}, but this one is {Describe(state)}.");
        }

        // 5. Distinct reviewers: the approvals that opened this stage must be someone else's.
        if (stage != ReviewStage.Technical && LastApproval(prior, ReviewStage.Technical) is { } technical
            && SamePrincipal(technical.Principal, reviewer))
        {
            return Refuse(state, $"The {Describe(stage)} reviewer must be a different principal from the technical reviewer.");
        }

        if (stage == ReviewStage.CrossBorder && LastApproval(prior, ReviewStage.Comprehensive) is { } comprehensive
            && SamePrincipal(comprehensive.Principal, reviewer))
        {
            return Refuse(state, "The cross-border reviewer must be a different principal from the comprehensive reviewer.");
        }

        // 6. A failing check is overridden only with a written, recorded justification; returning or
        //    rejecting must say why, so the requester does not have to guess.
        if (action == ReviewAction.Approve && verdict == CheckStatus.Fail
            && note.Trim().Length < MinJustificationLength)
        {
            return Refuse(state,
                $"The automatic checks failed, so approving needs a written justification of at least {MinJustificationLength} characters.");
        }

        if (action != ReviewAction.Approve && string.IsNullOrWhiteSpace(note))
        {
            return Refuse(state, $"To {(action == ReviewAction.Return ? "return" : "reject")} an export, the note must say why.");
        }

        return action switch
        {
            ReviewAction.Approve when stage == ReviewStage.Technical => Allow(ExportState.TechnicalApproved,
                $"Technical review approved by {reviewer}{Override(verdict)}; the export awaits comprehensive review."),
            ReviewAction.Approve when stage == ReviewStage.Comprehensive && crossBorder => Allow(ExportState.ComprehensiveApproved,
                $"Comprehensive review approved by {reviewer}{Override(verdict)}; the grant's operator is foreign, so the export awaits cross-border approval."),
            ReviewAction.Approve => Allow(ExportState.Approved,
                $"{Capitalized(Describe(stage))} review approved by {reviewer}{Override(verdict)}; the export may be released."),
            ReviewAction.Return => Allow(ExportState.ChangesRequested,
                $"{Capitalized(Describe(stage))} review returned the export to {requester} for changes."),
            ReviewAction.Reject => Allow(ExportState.Rejected,
                $"{Capitalized(Describe(stage))} review rejected the export."),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown review action"),
        };
    }

    /// <summary>Decides whether <paramref name="actor"/> may withdraw the export: only its requester, only before a final state.</summary>
    public static ReviewOutcome Withdraw(ExportState state, string requester, string actor)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(actor);
        if (state.IsFinal())
        {
            return Refuse(state, $"The export is {Describe(state)} and can no longer be withdrawn.");
        }

        return SamePrincipal(actor, requester)
            ? Allow(ExportState.Withdrawn, $"Withdrawn by its requester {requester}.")
            : Refuse(state, "Only the requester may withdraw an export.");
    }

    /// <summary>
    /// Decides whether <paramref name="actor"/> may resubmit a returned export: only its requester. The export is checked
    /// again and every earlier review stops counting.
    /// </summary>
    public static ReviewOutcome Resubmit(ExportState state, string requester, string actor)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(actor);
        if (state != ExportState.ChangesRequested)
        {
            return Refuse(state, $"Only an export returned for changes can be resubmitted; this one is {Describe(state)}.");
        }

        return SamePrincipal(actor, requester)
            ? Allow(ExportState.Checked, "Resubmitted and checked again; the reviews start over.")
            : Refuse(state, "Only the requester may resubmit an export.");
    }

    /// <summary>Decides whether the export may be released: only when every review stage due approved it.</summary>
    public static ReviewOutcome Release(ExportState state) => state == ExportState.Approved
        ? Allow(ExportState.Released, "Released as a signed bundle.")
        : Refuse(state, $"Only an approved export can be released; this one is {Describe(state)}.");


    private static ReviewRecord? LastApproval(IReadOnlyList<ReviewRecord> prior, ReviewStage stage) =>
        prior.LastOrDefault(r => r.Stage == stage && r.Action == ReviewAction.Approve);

    // Principal ids are compared without case so that "Alice" and "alice" cannot pass as two people.
    private static bool SamePrincipal(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Override(CheckStatus verdict) =>
        verdict == CheckStatus.Fail ? " over failing checks, with the recorded justification" : "";

    private static ReviewOutcome Refuse(ExportState state, string reason) => new(false, state, reason);

    private static ReviewOutcome Allow(ExportState state, string reason) => new(true, state, reason);

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Describe(ReviewStage stage) => stage switch
    {
        ReviewStage.Technical => "technical",
        ReviewStage.Comprehensive => "comprehensive",
        _ => "cross-border",
    };

    /// <summary>The state in words for a sentence.</summary>
    internal static string Describe(ExportState state) => state switch
    {
        ExportState.Checked => "checked",
        ExportState.TechnicalApproved => "technically approved",
        ExportState.ComprehensiveApproved => "approved by the comprehensive review and awaiting cross-border approval",
        ExportState.Approved => "approved",
        ExportState.Released => "released",
        ExportState.ChangesRequested => "returned for changes",
        ExportState.Rejected => "rejected",
        ExportState.Withdrawn => "withdrawn",
        _ => state.ToString(),
    };
}
