using System.Globalization;

namespace Sandbox.Masking.Techniques;

/// <summary>Buckets, bands and top/bottom coding of numbers.</summary>
public static class NumericGeneralization
{
    /// <summary>
    /// Top/bottom-codes <paramref name="value"/>, then replaces it by the lower bound of its bucket of
    /// <paramref name="width"/> (no bucketing when width is 0): 12345 in buckets of 1000 → 12000.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is negative or not finite.</exception>
    public static double Bucket(double value, double width, double? bottom = null, double? top = null)
    {
        if (width < 0 || !double.IsFinite(width))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "A bucket width is a finite number ≥ 0.");
        }

        if (top is { } t && value > t)
        {
            return t;
        }

        if (bottom is { } b && value < b)
        {
            return b;
        }

        return width == 0 ? value : Math.Floor(value / width) * width;
    }

    /// <summary>
    /// The band of <paramref name="age"/> as text: 37 in bands of 10 → "30-39"; at or above <paramref name="top"/>
    /// "80+"; below <paramref name="bottom"/> "&lt;18".
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is below 1.</exception>
    public static string AgeBand(int age, int width, int? bottom = null, int? top = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Span<char> buffer = stackalloc char[32];
        var written = AgeBand(age, width, bottom, top, buffer);
        return new string(buffer[..written]);
    }

    /// <summary>Writes the band of <paramref name="age"/> (see <see cref="AgeBand(int, int, int?, int?)"/>); returns the chars written.</summary>
    /// <remarks><paramref name="destination"/> needs at most 23 chars.</remarks>
    public static int AgeBand(int age, int width, int? bottom, int? top, Span<char> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int written;
        if (top is { } t && age >= t)
        {
            t.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
            destination[written] = '+';
            return written + 1;
        }

        if (bottom is { } b && age < b)
        {
            destination[0] = '<';
            b.TryFormat(destination[1..], out written, default, CultureInfo.InvariantCulture);
            return written + 1;
        }

        var low = (int)Math.Floor((double)age / width) * width;
        low.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        destination[written++] = '-';
        (low + width - 1).TryFormat(destination[written..], out var more, default, CultureInfo.InvariantCulture);
        return written + more;
    }
}
