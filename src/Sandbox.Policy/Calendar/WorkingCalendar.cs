namespace Sandbox.Policy.Calendar;

/// <summary>
/// Which days are working days: Monday to Friday, minus public holidays, plus make-up working days
/// (调休: a weekend day worked in exchange for a longer holiday).
/// </summary>
public sealed record WorkingCalendar
{
    /// <summary>A calendar with weekends only: no holidays, no make-up days.</summary>
    public static WorkingCalendar WeekendsOnly { get; } = new();

    /// <summary>Public holidays that fall on weekdays (or any day; weekends are off anyway).</summary>
    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();

    /// <summary>Weekend days that are working days.</summary>
    public IReadOnlySet<DateOnly> MakeUpWorkdays { get; init; } = new HashSet<DateOnly>();

    /// <summary>True when <paramref name="day"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        MakeUpWorkdays.Contains(day)
        || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !Holidays.Contains(day));

    /// <summary>The <paramref name="count"/>-th working day counting from <paramref name="start"/> (itself included when it is one).</summary>
    public DateOnly NthWorkingDay(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var day = start;
        var seen = 0;
        while (true)
        {
            if (IsWorkingDay(day) && ++seen == count)
            {
                return day;
            }

            day = day.AddDays(1);
        }
    }

    /// <summary>How many working days lie in <paramref name="from"/>..<paramref name="to"/>, both included.</summary>
    public int WorkingDaysIn(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }
}
