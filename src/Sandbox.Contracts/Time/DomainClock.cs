namespace Sandbox.Contracts.Time;

/// <summary>
/// The domain's calendar: days are counted in China Standard Time (UTC+8, no daylight saving), where the rules,
/// the working-day calendar and the identity documents live.
/// </summary>
public static class DomainClock
{
    /// <summary>The domain's offset from UTC.</summary>
    public static TimeSpan Offset { get; } = TimeSpan.FromHours(8);

    /// <summary>The domain's day at <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today in the domain, by <paramref name="time"/>.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DayOf(time.GetUtcNow());
    }
}
