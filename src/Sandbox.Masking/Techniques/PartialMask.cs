namespace Sandbox.Masking.Techniques;

/// <summary>
/// Keep-first-n-last-m masking; a value shorter than n+m is masked whole, never returned as is. Identifiers written
/// with separators, a country prefix or an area code are masked on their meaning (<see cref="IdentifierMask"/>).
/// </summary>
public static class PartialMask
{
    /// <summary>Writes the masked form of <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    /// <remarks>
    /// A value of at most <paramref name="first"/> + <paramref name="last"/> chars is masked whole: keeping
    /// it would reveal all of it. A surrogate pair cut by a boundary is masked, never half kept.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="first"/> or <paramref name="last"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="source"/>.</exception>
    public static void KeepFirstLast(ReadOnlySpan<char> source, Span<char> destination, int first, int last, char mask = '*')
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination must be at least as long as the source.", nameof(destination));
        }

        var length = source.Length;
        destination = destination[..length];
        if (length <= 64 && System.Text.Ascii.IsValid(source))
        {
            // Identifiers with separators, prefixes or area codes are masked on their meaning (IdentifierMask).
            Span<byte> ascii = stackalloc byte[length];
            Span<byte> masked = stackalloc byte[length];
            System.Text.Ascii.FromUtf16(source, ascii, out _);
            if (IdentifierMask.TryApply(ascii, masked, first, last, (byte)mask))
            {
                System.Text.Ascii.ToUtf16(masked, destination, out _);
                return;
            }
        }

        if (length <= first + last)
        {
            destination.Fill(mask);
            return;
        }

        // Kept ends shrink to whole UTF-16 code points so no lone surrogate is written.
        var keepFirst = first;
        if (keepFirst > 0 && char.IsHighSurrogate(source[keepFirst - 1]))
        {
            keepFirst--;
        }

        var keepLast = last;
        if (keepLast > 0 && char.IsLowSurrogate(source[length - keepLast]))
        {
            keepLast--;
        }

        source[..keepFirst].CopyTo(destination);
        destination[keepFirst..(length - keepLast)].Fill(mask);
        source[(length - keepLast)..].CopyTo(destination[(length - keepLast)..]);
    }

    /// <summary>The masked form of <paramref name="value"/>; empty for null or empty input.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="first"/> or <paramref name="last"/> is negative.</exception>
    public static string KeepFirstLast(string value, int first, int last, char mask = '*')
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return string.Create(value.Length, (value, first, last, mask), static (destination, state) =>
            KeepFirstLast(state.value, destination, state.first, state.last, state.mask));
    }
}
