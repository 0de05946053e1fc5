using Sandbox.Contracts.Time;
namespace Sandbox.Masking.Detection;

/// <summary>
/// Resident identity card numbers: 18 chars (region, birth date, sequence, GB 11643 check char incl. X/x)
/// or the 15-digit legacy form (region, yyMMdd of the 1900s, sequence).
/// </summary>
internal sealed class ResidentIdDetector(TimeProvider time) : IDetector
{
    public ResidentIdDetector()
        : this(TimeProvider.System)
    {
    }

    public string Entity => Entities.ResidentId;

    public int DefaultLevel => 4;

    public bool Matches(ReadOnlySpan<char> value) => value.Length switch
    {
        18 => MatchesCurrent(value),
        15 => MatchesLegacy(value),
        _ => false,
    };

    private bool MatchesCurrent(ReadOnlySpan<char> value)
    {
        if (!CheckDigits.TryResidentId(value[..17], out var check))
        {
            return false;
        }

        var last = value[17];
        if (last == 'x')
        {
            last = 'X'; // lower-case x is common in typed data and means the same check char
        }

        return last == check
            && (ChineseRegions.IsProvince(value[0], value[1]) || value.StartsWith("830000")) // 830000: Taiwan residents' residence permits
            && ChineseRegions.AreDigits(value[2..6])
            && IsBirthDate(Number(value.Slice(6, 4)), Number(value.Slice(10, 2)), Number(value.Slice(12, 2)));
    }

    private bool MatchesLegacy(ReadOnlySpan<char> value) =>
        ChineseRegions.AreDigits(value)
        && ChineseRegions.IsProvince(value[0], value[1])
        && IsBirthDate(1900 + Number(value.Slice(6, 2)), Number(value.Slice(8, 2)), Number(value.Slice(10, 2)));

    private bool IsBirthDate(int year, int month, int day)
    {
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || year > 9998)
        {
            return false;
        }

        // Today in the domain's calendar (UTC+8), where the IDs are issued.
        var today = DomainClock.Today(time);
        return (year, month, day).CompareTo((today.Year, today.Month, today.Day)) <= 0;
    }

    // Callers have checked that the span holds ASCII digits.
    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }
}
