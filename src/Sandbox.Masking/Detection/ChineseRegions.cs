namespace Sandbox.Masking.Detection;

/// <summary>Province-level codes of GB/T 2260, the first two digits of every administrative division code.</summary>
internal static class ChineseRegions
{
    /// <summary>True when the two chars are a real province-level code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82).</summary>
    public static bool IsProvince(char tens, char units)
    {
        var t = tens - '0';
        var u = units - '0';
        if ((uint)t > 9 || (uint)u > 9)
        {
            return false;
        }

        return t switch
        {
            1 => u is >= 1 and <= 5,
            2 => u is >= 1 and <= 3,
            3 => u is >= 1 and <= 7,
            4 => u is >= 1 and <= 6,
            5 => u <= 4,
            6 => u is >= 1 and <= 5,
            7 => u == 1,
            8 => u is 1 or 2,
            _ => false,
        };
    }

    /// <summary>True when every char is an ASCII digit (and there is at least one).</summary>
    public static bool AreDigits(ReadOnlySpan<char> value)
    {
        // A plain loop: ContainsAnyExceptInRange allocated per call here (measured), and values are short.
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !value.IsEmpty;
    }
}
