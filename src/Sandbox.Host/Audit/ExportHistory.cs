using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;
using Sandbox.Host.Store;

namespace Sandbox.Host.Audit;

/// <summary>
/// One export as its audit entries tell it: each request, review, resubmission, reset, withdrawal and release replayed
/// through the same <see cref="ReviewRules"/> the export gate applies, so its state follows from the log alone.
/// </summary>
internal sealed class ExportHistory(string id)
{
    private readonly List<ReplayedReview> _reviews = [];
    private readonly List<string> _problems = [];

    /// <summary>The export's id.</summary>
    public string Id => id;

    /// <summary>The state the log implies; null until the log records the request.</summary>
    public ExportState? State { get; private set; }

    /// <summary>The principal who requested the export.</summary>
    public string Requester { get; private set; } = "";

    /// <summary>The review round: 1 at the request, one more per resubmission or reset.</summary>
    public int Round { get; private set; }

    /// <summary>Every review the rules accepted on replay, oldest first, of every round.</summary>
    public IReadOnlyList<ReplayedReview> Reviews => _reviews;

    /// <summary>Every entry the rules refuse on replay, one sentence each naming the entry.</summary>
    public IReadOnlyList<string> Problems => _problems;

    private CheckStatus Verdict { get; set; } = CheckStatus.Fail;

    /// <summary>Replays one entry whose subject is this export.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="actorRoles">The roles of the entry's actor at that point of the log.</param>
    /// <param name="crossBorder">True when the export's grant has a foreign operator.</param>
    public void Apply(AuditEntry entry, IReadOnlyList<string> actorRoles, bool crossBorder)
    {
        if (entry.Action == AuditActions.ExportRequest)
        {
            Start(entry, round: 1);
            Requester = entry.Actor;
            return;
        }

        if (State is not { } state)
        {
            if (IsTransition(entry.Action)) Problem(entry, "comes before the log records the export's request");
            return;
        }

        switch (entry.Action)
        {
            case AuditActions.ExportReview:
                Review(entry, state, actorRoles, crossBorder);
                break;
            case AuditActions.ExportResubmit:
                if (Follow(entry, ReviewRules.Resubmit(state, Requester, entry.Actor))) Start(entry, Round + 1);
                break;
            case AuditActions.ExportReset:
                // The gate resets an export whose file changed since it was checked; only a final export stays put.
                if (state is ExportState.Released or ExportState.Rejected or ExportState.Withdrawn) Problem(entry, $"resets an export that is {state}");
                else Start(entry, Round + 1);
                break;
            case AuditActions.ExportWithdraw:
                Follow(entry, ReviewRules.Withdraw(state, Requester, entry.Actor));
                break;
            case AuditActions.ExportRelease:
                Follow(entry, ReviewRules.Release(state));
                break;
        }
    }

    private static bool IsTransition(string action) =>
        action is AuditActions.ExportReview or AuditActions.ExportResubmit or AuditActions.ExportReset or AuditActions.ExportWithdraw or AuditActions.ExportRelease;

    private void Start(AuditEntry entry, int round)
    {
        State = ExportState.Checked;
        Round = round;
        Verdict = AuditDetail.Enum<CheckStatus>(AuditDetail.Parse(entry.Detail), "verdict") ?? CheckStatus.Fail;
    }

    private void Review(AuditEntry entry, ExportState state, IReadOnlyList<string> roles, bool crossBorder)
    {
        var detail = AuditDetail.Parse(entry.Detail);
        var stage = AuditDetail.Enum<ReviewStage>(detail, "detail", "stage");
        var action = AuditDetail.Enum<ReviewAction>(detail, "detail", "action");
        if (stage is not { } s || action is not { } a)
        {
            Problem(entry, "records a review without a readable stage and decision");
            return;
        }

        var note = AuditDetail.Text(detail, "detail", "note") ?? "";
        var prior = _reviews.Where(r => r.Round == Round).Select(r => r.ToRecord()).ToList();
        var outcome = ReviewRules.Decide(state, Requester, Verdict, prior, entry.Actor, ReviewRoles.FromNames(roles), s, a, note, crossBorder);
        if (!Follow(entry, outcome)) return;

        var logged = AuditDetail.Enum<ExportState>(detail, "state");
        if (logged is { } l && l != outcome.NewState)
        {
            Problem(entry, $"records the state {l}, but the review rules give {outcome.NewState}");
        }

        _reviews.Add(new ReplayedReview(entry.Seq, entry.Hash, entry.Actor, roles, s, a, note,
            a == ReviewAction.Approve && Verdict == CheckStatus.Fail, entry.At, Round));
    }

    /// <summary>Moves to the outcome's state when the rules allow the entry; otherwise records why the entry does not count.</summary>
    private bool Follow(AuditEntry entry, ReviewOutcome outcome)
    {
        if (!outcome.Allowed)
        {
            Problem(entry, $"does not count: {outcome.Reason}");
            return false;
        }

        State = outcome.NewState;
        return true;
    }

    private void Problem(AuditEntry entry, string what) => _problems.Add(string.Create(CultureInfo.InvariantCulture,
        $"export {Id}: entry {entry.Seq} ({entry.Action} by {entry.Actor}) {what}"));
}
