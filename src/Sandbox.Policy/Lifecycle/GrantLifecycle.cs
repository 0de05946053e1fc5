using System.Globalization;
using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Lifecycle;

/// <summary>
/// The grant lifecycle (seed §1–5, §12, §14): applied → under review → publicized → active ⇄ suspended →
/// terminated, and expired when the period is over. Publicity lasts <see cref="PublicityWorkingDays"/> working
/// days and cannot be shortened.
/// </summary>
public static class GrantLifecycle
{
    /// <summary>How many working days publicity lasts (seed §4).</summary>
    public const int PublicityWorkingDays = 5;

    /// <summary>The last day of publicity that began on <paramref name="publicizedOn"/>: its 5th working day.</summary>
    public static DateOnly PublicityEnds(DateOnly publicizedOn, Calendar.WorkingCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.NthWorkingDay(publicizedOn, PublicityWorkingDays);
    }

    /// <summary>Decides whether <paramref name="action"/> may happen to a grant in <paramref name="state"/>.</summary>
    public static LifecycleDecision Decide(GrantState state, GrantAction action, LifecycleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (from, to) = Transition(action);
        if (!from.Contains(state))
        {
            return Refuse(state, $"grant {facts.GrantId} is {Name(state)}: it can be {Verb(action)} only when {string.Join(" or ", from.Select(Name))}");
        }

        switch (action)
        {
            case GrantAction.Activate when facts.PublicizedOn is not { } began:
                return Refuse(state, $"grant {facts.GrantId} has no publicity start recorded");
            case GrantAction.Activate:
                var ends = PublicityEnds(facts.PublicizedOn.Value, facts.Calendar);
                if (facts.Today <= ends)
                {
                    var nth = facts.Calendar.WorkingDaysIn(facts.PublicizedOn.Value, facts.Today);
                    var today = facts.Calendar.IsWorkingDay(facts.Today) ? $"its working day {nth} of {PublicityWorkingDays}" : $"a day off after {nth} of its {PublicityWorkingDays} working days";
                    return Refuse(state,
                        $"grant {facts.GrantId} is in publicity from {Day(facts.PublicizedOn.Value)} through {Day(ends)} ({PublicityWorkingDays} working days, which cannot be shortened); today, {Day(facts.Today)}, is {today}");
                }

                if (facts.Today > facts.Period.To)
                {
                    return Refuse(state, $"grant {facts.GrantId}'s period ended on {Day(facts.Period.To)}: it cannot be activated");
                }

                break;
            case GrantAction.Resume when facts.Today > facts.Period.To:
                return Refuse(state, $"grant {facts.GrantId} expired on {Day(facts.Period.To)}: it cannot be resumed");
            case GrantAction.Expire when facts.Today <= facts.Period.To:
                return Refuse(state, $"grant {facts.GrantId} runs until {Day(facts.Period.To)}: it has not expired");
        }

        return new LifecycleDecision(true, to, null);
    }

    /// <summary>The state a grant in <paramref name="state"/> is really in on <paramref name="today"/>: expired once its period is over.</summary>
    public static GrantState Effective(GrantState state, GrantPeriod period, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(period);
        return state is GrantState.Active or GrantState.Suspended && today > period.To ? GrantState.Expired : state;
    }

    /// <summary>The state's name as the store and CLI spell it (<c>under-review</c>).</summary>
    public static string Name(GrantState state) => GrantStates.Vocabulary.Name(state);


    private static (GrantState[] From, GrantState To) Transition(GrantAction action) => action switch
    {
        GrantAction.Review => ([GrantState.Applied], GrantState.UnderReview),
        GrantAction.Publicize => ([GrantState.UnderReview], GrantState.Publicized),
        GrantAction.Activate => ([GrantState.Publicized], GrantState.Active),
        GrantAction.Reject => ([GrantState.Applied, GrantState.UnderReview, GrantState.Publicized], GrantState.Terminated),
        GrantAction.Suspend => ([GrantState.Active], GrantState.Suspended),
        GrantAction.Resume => ([GrantState.Suspended], GrantState.Active),
        GrantAction.Terminate => ([GrantState.Applied, GrantState.UnderReview, GrantState.Publicized, GrantState.Active, GrantState.Suspended], GrantState.Terminated),
        GrantAction.Expire => ([GrantState.Active, GrantState.Suspended], GrantState.Expired),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static string Verb(GrantAction action) => action switch
    {
        GrantAction.Review => "taken into review",
        GrantAction.Publicize => "publicized",
        GrantAction.Activate => "activated",
        GrantAction.Reject => "rejected",
        GrantAction.Suspend => "suspended",
        GrantAction.Resume => "resumed",
        GrantAction.Terminate => "terminated",
        _ => "expired",
    };

    private static LifecycleDecision Refuse(GrantState state, string reason) => new(false, state, reason);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
