using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Techniques;

/// <summary>Dates coarsened to their year or month, as dates (first day) or as text.</summary>
public static class DateGeneralization
{
    /// <summary>The first day of the year or month of <paramref name="date"/> (what SQL <c>date_trunc</c> returns).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is neither Year nor Month.</exception>
    public static DateOnly Truncate(DateOnly date, Generalization to) => to switch
    {
        Generalization.Year => new DateOnly(date.Year, 1, 1),
        Generalization.Month => new DateOnly(date.Year, date.Month, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(to), to, "Dates generalize to Year or Month."),
    };

    /// <summary>
    /// Writes the year ("1990") or month ("1990-05") of a date written as text (yyyy-MM-dd, yyyyMMdd, yyyy年M月d日 …);
    /// returns the chars written, or -1 when <paramref name="text"/> is no date.
    /// </summary>
    /// <remarks><paramref name="destination"/> needs 7 chars.</remarks>
    public static int Generalize(ReadOnlySpan<char> text, Generalization to, Span<char> destination)
    {
        if (to is not (Generalization.Year or Generalization.Month) || !DateText.TryParse(text, out var date))
        {
            return -1;
        }

        WriteDigits(date.Year, destination[..4]);
        if (to == Generalization.Year)
        {
            return 4;
        }

        destination[4] = '-';
        WriteDigits(date.Month, destination.Slice(5, 2));
        return 7;
    }

    private static void WriteDigits(int number, Span<char> destination)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + (number % 10));
            number /= 10;
        }
    }
}
