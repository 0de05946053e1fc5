namespace Sandbox.Masking.Detection;

/// <summary>
/// Whether a value has the shape of a Chinese person's name: 2–4 CJK ideographs (compound surnames
/// included), or CJK segments joined by a middle dot for minority names (阿卜杜拉·艾买提).
/// </summary>
/// <remarks>Shape only: districts and brands have it too, so it is evidence only next to a header hint.</remarks>
internal static class ChineseNameShape
{
    private const int MaxMinorityNameLength = 20;

    public static bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length is >= 2 and <= 4 && AllIdeographs(value))
        {
            return true;
        }

        if (value.Length is < 3 or > MaxMinorityNameLength || value.IndexOfAny(Dots) < 0)
        {
            return false;
        }

        // Every segment between dots is a non-empty run of ideographs.
        while (true)
        {
            var dot = value.IndexOfAny(Dots);
            var segment = dot < 0 ? value : value[..dot];
            if (segment.IsEmpty || !AllIdeographs(segment))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            value = value[(dot + 1)..];
        }
    }

    // U+00B7 middle dot is the standard separator; U+30FB and U+2022 are common input-method look-alikes.
    private static ReadOnlySpan<char> Dots => "·・•";

    private static bool AllIdeographs(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            // CJK Unified Ideographs and Extension A; rarer extensions are surrogate pairs and rare in names.
            if (c is not ((>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF')))
            {
                return false;
            }
        }

        return true;
    }
}
