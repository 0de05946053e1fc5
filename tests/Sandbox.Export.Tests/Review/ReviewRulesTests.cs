using Sandbox.Contracts.Principals;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;

namespace Sandbox.Export.Tests.Review;

public sealed class ReviewRulesTests
{
    private const string Requester = "olga";
    private const string Governance = "gina";
    private const string Expert = "eric";
    private const string Justification = "Counts are public statistics already published by the bureau.";
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly ReviewRecord TechnicalApproval =
        new(Governance, ReviewStage.Technical, ReviewAction.Approve, "looks aggregate", At);

    /// <summary>A review attempt that must be refused, and the reason it must give.</summary>
    public sealed record Refusal(
        string Name, ExportState State, CheckStatus Verdict, string Reviewer, Role[] Roles,
        ReviewStage Stage, ReviewAction Action, string Note, string Reason)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Refusal> Refusals() => new()
    {
        new("requester reviews own export", ExportState.Checked, CheckStatus.Pass, Requester, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "", "The requester may not review their own export."),
        new("requester with different case", ExportState.Checked, CheckStatus.Pass, "OLGA", [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "", "The requester may not review their own export."),
        new("same principal reviews both stages", ExportState.TechnicalApproved, CheckStatus.Pass, Governance, [Role.Governance, Role.Expert],
            ReviewStage.Comprehensive, ReviewAction.Approve, "",
            "The comprehensive reviewer must be a different principal from the technical reviewer."),
        new("technical review without governance role", ExportState.Checked, CheckStatus.Pass, Expert, [Role.Expert],
            ReviewStage.Technical, ReviewAction.Approve, "", "The technical review needs the governance role, which eric does not have."),
        new("comprehensive review without expert role", ExportState.TechnicalApproved, CheckStatus.Pass, "gus", [Role.Governance],
            ReviewStage.Comprehensive, ReviewAction.Approve, "",
            "The comprehensive review needs the expert or bureau role, which gus does not have."),
        new("fail approved without justification", ExportState.Checked, CheckStatus.Fail, Governance, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "fine by me",
            "The automatic checks failed, so approving needs a written justification of at least 20 characters."),
        new("fail approved with blank padding", ExportState.TechnicalApproved, CheckStatus.Fail, Expert, [Role.Expert],
            ReviewStage.Comprehensive, ReviewAction.Approve, "ok                         ",
            "The automatic checks failed, so approving needs a written justification of at least 20 characters."),
        new("comprehensive before technical", ExportState.Checked, CheckStatus.Pass, Expert, [Role.Expert],
            ReviewStage.Comprehensive, ReviewAction.Approve, "",
            "The comprehensive review needs an export that is technically approved, but this one is checked."),
        new("technical review twice", ExportState.TechnicalApproved, CheckStatus.Pass, "gail", [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "",
            "The technical review needs an export that is checked, but this one is technically approved."),
        new("review while returned", ExportState.ChangesRequested, CheckStatus.Pass, Governance, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "",
            "The export was returned for changes and cannot be reviewed until its requester resubmits it."),
        new("released", ExportState.Released, CheckStatus.Pass, Expert, [Role.Expert],
            ReviewStage.Comprehensive, ReviewAction.Reject, "too late", "The export is released and can no longer be reviewed."),
        new("rejected", ExportState.Rejected, CheckStatus.Pass, Governance, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Approve, "", "The export is rejected and can no longer be reviewed."),
        new("withdrawn", ExportState.Withdrawn, CheckStatus.Pass, Governance, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Return, "why", "The export is withdrawn and can no longer be reviewed."),
        new("return without a note", ExportState.Checked, CheckStatus.Pass, Governance, [Role.Governance],
            ReviewStage.Technical, ReviewAction.Return, " ", "To return an export, the note must say why."),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Decide_ForbiddenReview_IsRefusedWithTheReason(Refusal refusal)
    {
        ReviewRecord[] prior = refusal.State == ExportState.TechnicalApproved ? [TechnicalApproval] : [];

        var outcome = ReviewRules.Decide(refusal.State, Requester, refusal.Verdict, prior, refusal.Reviewer,
            refusal.Roles, refusal.Stage, refusal.Action, refusal.Note);

        Assert.False(outcome.Allowed);
        Assert.Equal(refusal.State, outcome.NewState);
        Assert.Equal(refusal.Reason, outcome.Reason);
    }

    [Fact]
    public void Decide_TwoDistinctReviewers_TakeCheckedToApproved()
    {
        var technical = ReviewRules.Decide(ExportState.Checked, Requester, CheckStatus.Pass, [], Governance,
            [Role.Governance], ReviewStage.Technical, ReviewAction.Approve, "aggregate counts only");
        Assert.True(technical.Allowed, technical.Reason);
        Assert.Equal(ExportState.TechnicalApproved, technical.NewState);

        var comprehensive = ReviewRules.Decide(technical.NewState, Requester, CheckStatus.Pass, [TechnicalApproval], Expert,
            [Role.Expert], ReviewStage.Comprehensive, ReviewAction.Approve, "");
        Assert.True(comprehensive.Allowed, comprehensive.Reason);
        Assert.Equal(ExportState.Approved, comprehensive.NewState);
    }

    [Fact]
    public void Decide_FailWithJustification_IsAnOverride()
    {
        var outcome = ReviewRules.Decide(ExportState.Checked, Requester, CheckStatus.Fail, [], Governance,
            [Role.Governance], ReviewStage.Technical, ReviewAction.Approve, Justification);

        Assert.True(outcome.Allowed);
        Assert.Equal(ExportState.TechnicalApproved, outcome.NewState);
        Assert.Contains("over failing checks", outcome.Reason);
    }

    [Fact]
    public void Decide_BureauRole_MayReviewComprehensively()
    {
        var outcome = ReviewRules.Decide(ExportState.TechnicalApproved, Requester, CheckStatus.Review, [TechnicalApproval],
            "bella", [Role.Bureau], ReviewStage.Comprehensive, ReviewAction.Approve, "");

        Assert.Equal(ExportState.Approved, outcome.NewState);
    }

    [Theory]
    [InlineData(ReviewStage.Technical, ExportState.Checked, ReviewAction.Return, ExportState.ChangesRequested)]
    [InlineData(ReviewStage.Technical, ExportState.Checked, ReviewAction.Reject, ExportState.Rejected)]
    [InlineData(ReviewStage.Comprehensive, ExportState.TechnicalApproved, ReviewAction.Return, ExportState.ChangesRequested)]
    [InlineData(ReviewStage.Comprehensive, ExportState.TechnicalApproved, ReviewAction.Reject, ExportState.Rejected)]
    public void Decide_ReturnOrReject_MovesToItsState(ReviewStage stage, ExportState from, ReviewAction action, ExportState to)
    {
        string reviewer = stage == ReviewStage.Technical ? Governance : Expert;

        var outcome = ReviewRules.Decide(from, Requester, CheckStatus.Fail, [TechnicalApproval], reviewer,
            [Role.Governance, Role.Expert], stage, action, "row 4 is a single enterprise");

        Assert.True(outcome.Allowed, outcome.Reason);
        Assert.Equal(to, outcome.NewState);
    }
}
