namespace Sandbox.Masking.Detection;

/// <summary>
/// Bank card numbers: 13–19 digits, written plain or in groups of four (6225 8861 6539 5201), whose prefix is a
/// card network's (3 JCB/Amex, 4 Visa, 5 and 2221–2720 Mastercard, 6 and 81 UnionPay, 9 domestic bank BINs) and
/// whose last digit is the Luhn check digit.
/// </summary>
/// <remarks>
/// Luhn alone lets one random digit string in ten through; the network prefix and the column-level
/// validation of <see cref="ColumnClassifier"/> (same-shape agreement) keep order numbers from being taken for cards.
/// </remarks>
internal sealed class BankCardDetector : IDetector
{
    public string Entity => Entities.BankCard;

    public int DefaultLevel => 4;

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (value.Length is < 13 or > 23)
        {
            return false;
        }

        Span<char> digits = stackalloc char[19];
        var length = Compact(value, digits);
        return length is >= 13 and <= 19 && IsNetworkPrefix(digits[..length]) && CheckDigits.TryLuhn(digits[..(length - 1)], out var check) && digits[length - 1] == check;
    }

    // The digits of a plain or grouped number (groups of four, one space or hyphen between); -1 for anything else.
    private static int Compact(ReadOnlySpan<char> value, Span<char> digits)
    {
        var length = 0;
        var separator = '\0';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                if (length == digits.Length)
                {
                    return -1;
                }

                digits[length++] = c;
                continue;
            }

            // A separator only after each full group of four, and always the same one.
            if (c is not (' ' or '-') || length % 4 != 0 || length == 0 || (separator != '\0' && c != separator) || value[i - 1] is ' ' or '-')
            {
                return -1;
            }

            separator = c;
        }

        return length;
    }

    private static bool IsNetworkPrefix(ReadOnlySpan<char> digits) => digits[0] switch
    {
        '3' or '4' or '5' or '6' or '9' => true,
        '8' => digits[1] == '1', // UnionPay 81 series
        '2' => digits.Length == 16 && int.Parse(digits[..4], provider: System.Globalization.CultureInfo.InvariantCulture) is >= 2221 and <= 2720, // Mastercard 2-series
        _ => false,
    };
}
