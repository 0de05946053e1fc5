using Sandbox.Masking.Techniques;

namespace Sandbox.Export.Checks;

/// <summary>Finds keyed tokens of this deployment anywhere inside a text, whole or transformed.</summary>
/// <remarks>
/// Stricter than <see cref="KeyedTokenizer.ContainsToken"/>, which wants a whole word: at the export gate a
/// token glued to other characters ("x" || token), upper-cased, reversed or cut (<c>substr</c>) is as much a leak,
/// and a false alarm costs only a review.
/// </remarks>
internal static class TokenScan
{
    // The token format of KeyedTokenizer: "tk_" and 20 base32 characters. Candidates are found by the
    // prefix and confirmed by the tokenizer itself, so the alphabet has one owner.
    private const string Prefix = KeyedTokenizer.Prefix;
    private const string ReversedPrefix = "_kt";
    private const int TokenLength = KeyedTokenizer.TokenLength;

    /// <summary>
    /// A cut token keeps its prefix and this many body characters or more (40 bits: one subject among a city's);
    /// a cell that is nothing but a prefix and body characters needs fewer.
    /// </summary>
    internal const int MinFragment = 8;

    private const int MinWholeCellFragment = 3;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>True when <paramref name="text"/> contains a token or a cut of one, in any letter case, forwards or reversed.</summary>
    public static bool Contains(ReadOnlySpan<char> text)
    {
        if (KeyedTokenizer.ContainsToken(text) || Forwards(text))
        {
            return true;
        }

        if (text.IndexOf(ReversedPrefix, StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        // reverse(token) reads back into the token.
        Span<char> reversed = text.Length <= 512 ? stackalloc char[text.Length] : new char[text.Length];
        text.CopyTo(reversed);
        reversed.Reverse();
        return Forwards(reversed);
    }

    /// <summary>True when <paramref name="text"/> is a run of base32 characters (any case) with letters and digits: a token's body cut from it.</summary>
    public static bool IsBodyFragment(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.Length < MinFragment || text.Length > KeyedTokenizer.BodyLength)
        {
            return false;
        }

        bool letter = false, digit = false;
        foreach (char c in text)
        {
            if (!IsBase32(c))
            {
                return false;
            }

            letter |= char.IsAsciiLetter(c);
            digit |= char.IsAsciiDigit(c);
        }

        return letter && digit;
    }

    private static bool Forwards(ReadOnlySpan<char> text)
    {
        Span<char> candidate = stackalloc char[TokenLength];
        int offset = 0;
        while (true)
        {
            int at = text[offset..].IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            int start = offset + at;
            if (start + TokenLength <= text.Length)
            {
                // Upper-casing a token does not hide it: lower-casing it back recovers the join key.
                text.Slice(start, TokenLength).ToLowerInvariant(candidate);
                if (KeyedTokenizer.LooksLikeToken(candidate))
                {
                    return true;
                }
            }

            // A cut token: the prefix and enough body characters, or a whole cell of prefix and body.
            int body = 0;
            for (int i = start + Prefix.Length; i < text.Length && IsBase32(text[i]); i++)
            {
                body++;
            }

            bool wholeCell = text[..start].Trim().IsEmpty && text[(start + Prefix.Length + body)..].Trim().IsEmpty;
            if (body >= MinFragment || (wholeCell && body >= MinWholeCellFragment))
            {
                return true;
            }

            offset = start + 1;
        }
    }

    private static bool IsBase32(char c) => Alphabet.Contains(char.ToLowerInvariant(c), StringComparison.Ordinal);
}
