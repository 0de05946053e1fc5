using Sandbox.Masking.Techniques;

namespace Sandbox.Export.Checks;

/// <summary>Finds keyed tokens of this deployment anywhere inside a text.</summary>
/// <remarks>
/// Stricter than <see cref="KeyedTokenizer.ContainsToken"/>, which wants a whole word: at the export gate a
/// token glued to other characters ("x" || token) is as much a leak, and a false alarm costs only a review.
/// </remarks>
internal static class TokenScan
{
    // The token format of KeyedTokenizer: "tk_" and 20 base32 characters. Candidates are found by the
    // prefix and confirmed by the tokenizer itself, so the alphabet has one owner.
    private const string Prefix = "tk_";
    private const int TokenLength = 23;

    /// <summary>True when <paramref name="text"/> contains a token in any letter case, alone or inside other text.</summary>
    public static bool Contains(ReadOnlySpan<char> text)
    {
        if (KeyedTokenizer.ContainsToken(text))
        {
            return true;
        }

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

            offset = start + 1;
        }
    }
}
