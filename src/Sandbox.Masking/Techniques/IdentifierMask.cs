using System.Buffers;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// Keep-first-n-last-m on an identifier's meaning rather than its chars: n and m count the identifier's own digits
/// and letters; separators and a +86/0086 country prefix are kept as written but not counted; a landline's area code
/// is kept whole in place of the first n; a 15-digit resident ID never shows a digit of its birth date.
/// </summary>
/// <remarks>
/// <para><c>+86 138 0013 8000</c> → <c>+86 138 **** 8000</c>, <c>0571-8765432</c> → <c>0571-***5432</c>,
/// <c>(0411) 50447557</c> → <c>(0411) ****7557</c>, a 15-digit ID under keep-first-6-last-4 → 6 + 6 masks + 3.</para>
/// <para>Plain values (letters and digits only, not led by a trunk 0, not 15 digits long) are left to the char-based
/// mask, which gives the same result for them.</para>
/// </remarks>
public static class IdentifierMask
{
    /// <summary>ASCII letters and digits: a batch of only these needs the meaning path only for values led by 0 or 15 long.</summary>
    internal static SearchValues<byte> Plain { get; } = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);
    private static readonly SearchValues<byte> Allowed = SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz +-()."u8);

    /// <summary>True when <paramref name="ascii"/> needs this mask rather than the char-based one.</summary>
    public static bool Applies(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length < 7 || ascii.ContainsAnyExcept(Allowed))
        {
            return false;
        }

        return ascii.ContainsAnyExcept(Plain) || ascii[0] == (byte)'0' || (ascii.Length == 15 && !ascii.ContainsAnyExceptInRange((byte)'0', (byte)'9'));
    }

    /// <summary>Writes the masked form of ASCII <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    /// <returns>False, writing nothing, when <see cref="Applies"/> is false.</returns>
    public static bool TryApply(ReadOnlySpan<byte> source, Span<byte> destination, int first, int last, byte mask)
    {
        if (!Applies(source))
        {
            return false;
        }

        source.CopyTo(destination);

        // 1. A country prefix is kept as written and not counted.
        var start = source.StartsWith("+86"u8) ? 3 : source.StartsWith("0086"u8) ? 4 : 0;
        var international = start > 0;

        // 2. The counted chars: the identifier's own digits and letters after the prefix.
        Span<int> counted = stackalloc int[source.Length];
        var n = 0;
        for (var i = start; i < source.Length; i++)
        {
            if (char.IsAsciiLetterOrDigit((char)source[i]))
            {
                counted[n++] = i;
            }
        }

        // 3. What the first n means: the whole area code of a landline; at most the region of a 15-digit ID.
        var keepFirst = first;
        var keepLast = last;
        var area = AreaCodeLength(source, counted[..n], international);
        if (area > 0 && first > 0)
        {
            keepFirst = area;
        }
        else if (n == 15 && start == 0 && source.Length == 15)
        {
            keepFirst = Math.Min(first, 6); // 6 region digits, then yyMMdd: no date digit is kept
            keepLast = Math.Min(last, 3);
        }

        // 4. Hide the counted chars between the kept ones; a value too short to keep anything is hidden whole.
        var hideFrom = n <= keepFirst + keepLast ? 0 : keepFirst;
        var hideTo = n <= keepFirst + keepLast ? n : n - keepLast;
        for (var k = hideFrom; k < hideTo; k++)
        {
            destination[counted[k]] = mask;
        }

        return true;
    }

    // The area code of a phone number of 9–12 digits: 0 + 10/2x (3 digits) or 0 + 3 digits (4); after a country
    // prefix the trunk 0 is dropped (+86-21-…, +86 571 …). A mobile (1[3-9]) has none; 0 when it is not a phone number.
    private static int AreaCodeLength(ReadOnlySpan<byte> source, ReadOnlySpan<int> counted, bool international)
    {
        if (counted.Length is < 9 or > 12)
        {
            return 0;
        }

        foreach (var at in counted)
        {
            if (!char.IsAsciiDigit((char)source[at]))
            {
                return 0;
            }
        }

        var trunk = international ? 0 : 1;
        if (!international && source[counted[0]] != (byte)'0')
        {
            return 0;
        }

        var d1 = source[counted[trunk]];
        var d2 = source[counted[trunk + 1]];
        if (international && d1 == (byte)'1' && d2 != (byte)'0')
        {
            return 0; // a mobile number
        }

        return (d1 == (byte)'1' && d2 == (byte)'0') || d1 == (byte)'2' ? trunk + 2 : trunk + 3;
    }
}
