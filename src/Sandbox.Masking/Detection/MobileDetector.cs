namespace Sandbox.Masking.Detection;

/// <summary>
/// Mainland mobile numbers: 1[3-9] + 9 digits, with an optional +86, 0086 or 86 prefix and optional
/// space or hyphen separators in 3-4-4 grouping (138 1234 5678, +86-138-1234-5678).
/// </summary>
internal sealed class MobileDetector : IDetector
{
    public string Entity => Entities.Mobile;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value)
    {
        var rest = StripCountryCode(value);
        return rest.Length switch
        {
            11 => ChineseRegions.AreDigits(rest) && IsMobileStart(rest),
            13 => IsGrouped(rest),
            _ => false,
        };
    }

    private static ReadOnlySpan<char> StripCountryCode(ReadOnlySpan<char> value)
    {
        int prefix;
        if (value.StartsWith("+86"))
        {
            prefix = 3;
        }
        else if (value.StartsWith("0086"))
        {
            prefix = 4;
        }
        else if (value.StartsWith("86") && value.Length > 11)
        {
            // A bare 11-digit mobile starts with 1, so a leading 86 on a longer value is the country code.
            prefix = 2;
        }
        else
        {
            return value;
        }

        var rest = value[prefix..];
        return !rest.IsEmpty && rest[0] is ' ' or '-' ? rest[1..] : rest;
    }

    // 3-4-4 with the same separator twice: "138 1234 5678" or "138-1234-5678".
    private static bool IsGrouped(ReadOnlySpan<char> rest)
    {
        var separator = rest[3];
        return separator is ' ' or '-'
            && rest[8] == separator
            && ChineseRegions.AreDigits(rest[..3])
            && ChineseRegions.AreDigits(rest.Slice(4, 4))
            && ChineseRegions.AreDigits(rest[9..])
            && IsMobileStart(rest);
    }

    private static bool IsMobileStart(ReadOnlySpan<char> digits) => digits[0] == '1' && digits[1] is >= '3' and <= '9';
}
