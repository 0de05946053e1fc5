namespace Sandbox.Masking.Detection;

/// <summary>Parses the date spellings of Chinese public data without allocating.</summary>
internal static class DateText
{
    /// <summary>yyyy-MM-dd, yyyy/MM/dd, yyyy.MM.dd (month and day 1 or 2 digits), yyyyMMdd, yyyy年M月d日; a time part after a space or T is ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        var cut = value.IndexOfAny(' ', 'T');
        if (cut == 10)
        {
            value = value[..cut]; // 2020-01-02 03:04:05 or ISO 8601 with time
        }

        if (value.Length < 8 || !TryDigits(value[..4], out var year))
        {
            return false;
        }

        int month, day;
        if (value.Length == 8 && char.IsAsciiDigit(value[4]))
        {
            if (!TryDigits(value.Slice(4, 2), out month) || !TryDigits(value.Slice(6, 2), out day))
            {
                return false;
            }
        }
        else
        {
            var separator = value[4];
            var end = separator == '年' ? '月' : separator;
            if (separator is not ('-' or '/' or '.' or '年'))
            {
                return false;
            }

            var rest = value[5..];
            var second = rest.IndexOf(end);
            if (second is < 1 or > 2 || !TryDigits(rest[..second], out month))
            {
                return false;
            }

            var dayText = rest[(second + 1)..];
            if (separator == '年')
            {
                if (dayText.IsEmpty || dayText[^1] != '日')
                {
                    return false;
                }

                dayText = dayText[..^1];
            }

            if (dayText.Length is < 1 or > 2 || !TryDigits(dayText, out day))
            {
                return false;
            }
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int number)
    {
        number = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return !digits.IsEmpty;
    }
}
