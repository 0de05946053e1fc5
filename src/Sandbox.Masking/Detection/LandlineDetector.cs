namespace Sandbox.Masking.Detection;

/// <summary>
/// Fixed-line numbers: trunk prefix 0, a 2-digit (10, 20–29) or 3-digit (3xx–9xx) area code, and a 7–8 digit
/// subscriber number starting 2–9; written 010-12345678, 0571 8765432, (0411) 50447557, +86-21-64565427 or
/// 0086 571 8765 4321 (a country prefix replaces the trunk 0).
/// </summary>
internal sealed class LandlineDetector : IDetector
{
    public string Entity => Entities.Landline;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length is < 10 or > 24)
        {
            return false;
        }

        // 1. The digits, with a trunk 0 in place of a country prefix; separators at most three, parentheses only
        // around the area code at the start.
        Span<char> digits = stackalloc char[16];
        var length = 0;
        var rest = value;
        if (rest.StartsWith("+86") || rest.StartsWith("0086"))
        {
            rest = rest[(rest[0] == '+' ? 3 : 4)..].TrimStart(" -");
            digits[length++] = '0';
        }

        var separators = 0;
        var open = false;
        for (var i = 0; i < rest.Length; i++)
        {
            var c = rest[i];
            if (char.IsAsciiDigit(c))
            {
                if (length == digits.Length)
                {
                    return false;
                }

                digits[length++] = c;
            }
            else if (c == '(' && i == 0)
            {
                open = true;
            }
            else if (c == ')' && open)
            {
                open = false;
            }
            else if (c is not (' ' or '-') || ++separators > 3 || i == 0 || rest[i - 1] is ' ' or '-')
            {
                return false;
            }
        }

        return !open && IsLandline(digits[..length]);
    }

    // 010 and 02x are the 2-digit area codes; every 3-digit code starts with 3–9.
    private static bool IsLandline(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 10 || digits[0] != '0')
        {
            return false;
        }

        var areaEnd = digits[1] switch
        {
            '1' when digits[2] == '0' => 3,
            '2' => 3,
            >= '3' and <= '9' => 4,
            _ => -1,
        };
        if (areaEnd < 0)
        {
            return false;
        }

        var subscriber = digits[areaEnd..];
        return subscriber.Length is 7 or 8 && subscriber[0] is >= '2' and <= '9';
    }
}
