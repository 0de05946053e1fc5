using Sandbox.Policy.Calendar;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Training;

namespace Sandbox.Policy.Tests.Lifecycle;

public sealed class GrantLifecycleTests
{
    private static readonly GrantPeriod Period = new(new DateOnly(2027, 1, 1), new DateOnly(2028, 12, 31));

    private static LifecycleFacts On(string today, string? publicized = "2026-11-30") =>
        new("g", DateOnly.Parse(today), Period, publicized is null ? null : DateOnly.Parse(publicized), WorkingCalendar.WeekendsOnly);

    [Theory]
    [InlineData(GrantState.Applied, GrantAction.Review, GrantState.UnderReview)]
    [InlineData(GrantState.UnderReview, GrantAction.Publicize, GrantState.Publicized)]
    [InlineData(GrantState.Publicized, GrantAction.Activate, GrantState.Active)]
    [InlineData(GrantState.Active, GrantAction.Suspend, GrantState.Suspended)]
    [InlineData(GrantState.Suspended, GrantAction.Resume, GrantState.Active)]
    [InlineData(GrantState.Suspended, GrantAction.Terminate, GrantState.Terminated)]
    [InlineData(GrantState.UnderReview, GrantAction.Reject, GrantState.Terminated)]
    public void Decide_LegalTransition_LeadsToTheNextState(GrantState from, GrantAction action, GrantState to)
    {
        var decision = GrantLifecycle.Decide(from, action, On("2026-12-07"));
        Assert.True(decision.Allowed, decision.Reason);
        Assert.Equal(to, decision.Next);
    }

    [Theory]
    [InlineData(GrantState.Applied, GrantAction.Activate)]
    [InlineData(GrantState.Active, GrantAction.Publicize)]
    [InlineData(GrantState.Terminated, GrantAction.Resume)]
    [InlineData(GrantState.Expired, GrantAction.Terminate)]
    [InlineData(GrantState.Expired, GrantAction.Suspend)]
    public void Decide_IllegalTransition_IsRefusedNamingTheState(GrantState from, GrantAction action)
    {
        var decision = GrantLifecycle.Decide(from, action, On("2026-12-07"));
        Assert.False(decision.Allowed);
        Assert.Equal(from, decision.Next);
        Assert.StartsWith($"grant g is {GrantLifecycle.Name(from)}: it can be", decision.Reason);
    }

    [Fact]
    public void Decide_ActivationOnTheFourthWorkingDay_IsRefused()
    {
        var decision = GrantLifecycle.Decide(GrantState.Publicized, GrantAction.Activate, On("2026-12-03"));
        Assert.False(decision.Allowed);
        Assert.Contains("working day 4 of 5", decision.Reason);
        Assert.Contains("through 2026-12-04", decision.Reason);
    }

    [Fact]
    public void Decide_ActivationAfterThePeriod_IsRefused()
    {
        Assert.Contains("period ended", GrantLifecycle.Decide(GrantState.Publicized, GrantAction.Activate, On("2029-01-01")).Reason);
    }

    [Fact]
    public void Effective_TheDayAfterThePeriod_IsExpired()
    {
        Assert.Equal(GrantState.Active, GrantLifecycle.Effective(GrantState.Active, Period, new DateOnly(2028, 12, 31)));
        Assert.Equal(GrantState.Expired, GrantLifecycle.Effective(GrantState.Active, Period, new DateOnly(2029, 1, 1)));
        Assert.Equal(GrantState.Expired, GrantLifecycle.Effective(GrantState.Suspended, Period, new DateOnly(2029, 1, 1)));
    }

    [Fact]
    public void TerminationReason_OnlyForTwoConsecutivePoorYears()
    {
        Assert.Null(EvaluationRule.TerminationReason([new(2026, EvaluationRating.Poor), new(2028, EvaluationRating.Poor)]));
        Assert.Null(EvaluationRule.TerminationReason([new(2026, EvaluationRating.Poor), new(2027, EvaluationRating.Fair)]));
        Assert.Contains("(2026, 2027)", EvaluationRule.TerminationReason([new(2026, EvaluationRating.Poor), new(2027, EvaluationRating.Poor)]));
    }

    [Fact]
    public void TrainingRule_LapsedOrMissing_SaysWhy()
    {
        var record = new TrainingRecord("a", "c", new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        Assert.Null(TrainingRule.Check("a", [record], new DateOnly(2026, 12, 31)));
        Assert.Contains("not on 2027-01-01", TrainingRule.Check("a", [record], new DateOnly(2027, 1, 1)));
        Assert.Contains("no security training record", TrainingRule.Check("b", [record], new DateOnly(2026, 6, 1)));
    }
}
