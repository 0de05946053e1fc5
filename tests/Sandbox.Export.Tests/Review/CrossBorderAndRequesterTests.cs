using Sandbox.Contracts.Principals;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;

namespace Sandbox.Export.Tests.Review;

public sealed class CrossBorderAndRequesterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly ReviewRecord[] Prior =
    [
        new("gina", ReviewStage.Technical, ReviewAction.Approve, "aggregate", At),
        new("bo", ReviewStage.Comprehensive, ReviewAction.Approve, "fine", At),
    ];

    private static ReviewOutcome CrossBorder(ExportState state, string reviewer, Role[] roles, bool foreign = true, ReviewAction action = ReviewAction.Approve) =>
        ReviewRules.Decide(state, "olga", CheckStatus.Pass, Prior, reviewer, roles, ReviewStage.CrossBorder, action, "reviewed", foreign);

    [Fact]
    public void Comprehensive_ForeignOperator_AwaitsCrossBorderApproval()
    {
        var outcome = ReviewRules.Decide(ExportState.TechnicalApproved, "olga", CheckStatus.Pass, Prior[..1], "bo", [Role.Bureau],
            ReviewStage.Comprehensive, ReviewAction.Approve, "fine", crossBorder: true);

        Assert.True(outcome.Allowed);
        Assert.Equal(ExportState.ComprehensiveApproved, outcome.NewState);
    }

    [Fact]
    public void CrossBorder_ByAThirdExpert_Approves() =>
        Assert.Equal(ExportState.Approved, CrossBorder(ExportState.ComprehensiveApproved, "eric", [Role.Expert]).NewState);

    [Theory]
    [InlineData("bo", new[] { Role.Expert }, true, "The cross-border reviewer must be a different principal from the comprehensive reviewer.")]
    [InlineData("gina", new[] { Role.Expert }, true, "The cross-border reviewer must be a different principal from the technical reviewer.")]
    [InlineData("eric", new[] { Role.Bureau }, true, "The cross-border review needs the expert role, which eric does not have.")]
    [InlineData("eric", new[] { Role.Expert }, false, "The grant's operator is not foreign, so there is no cross-border stage to review.")]
    public void CrossBorder_Forbidden_IsRefusedWithTheReason(string reviewer, Role[] roles, bool foreign, string reason)
    {
        var outcome = CrossBorder(ExportState.ComprehensiveApproved, reviewer, roles, foreign);

        Assert.False(outcome.Allowed);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(ExportState.ComprehensiveApproved, outcome.NewState);
    }

    [Fact]
    public void Release_BeforeCrossBorderApproval_IsRefused() =>
        Assert.False(ReviewRules.Release(ExportState.ComprehensiveApproved).Allowed);

    [Theory]
    [InlineData(ExportState.Checked, "olga", true, ExportState.Withdrawn)]
    [InlineData(ExportState.ChangesRequested, "OLGA", true, ExportState.Withdrawn)]
    [InlineData(ExportState.Checked, "gina", false, ExportState.Checked)]
    [InlineData(ExportState.Released, "olga", false, ExportState.Released)]
    public void Withdraw_OnlyTheRequesterBeforeTheEnd(ExportState state, string actor, bool allowed, ExportState after)
    {
        var outcome = ReviewRules.Withdraw(state, "olga", actor);

        Assert.Equal(allowed, outcome.Allowed);
        Assert.Equal(after, outcome.NewState);
    }

    [Theory]
    [InlineData(ExportState.ChangesRequested, "olga", true)]
    [InlineData(ExportState.ChangesRequested, "gina", false)]
    [InlineData(ExportState.Checked, "olga", false)]
    public void Resubmit_OnlyTheRequesterOfAReturnedExport(ExportState state, string actor, bool allowed)
    {
        var outcome = ReviewRules.Resubmit(state, "olga", actor);

        Assert.Equal(allowed, outcome.Allowed);
        Assert.Equal(allowed ? ExportState.Checked : state, outcome.NewState);
    }
}
