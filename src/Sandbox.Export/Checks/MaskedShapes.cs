using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>
/// Recognizes the shapes our own masking leaves: a masked value is still one person's value. Partial masks
/// (<c>张*</c>, <c>欧阳*</c>, <c>139****6493</c>, <c>320102********2291</c>) are always personal; generalized dates
/// (<c>1955-01</c>, <c>1950s</c>, a bare year) only in a column whose header names a birth date, since a month or a
/// decade is otherwise an ordinary dimension of an aggregate.
/// </summary>
internal static class MaskedShapes
{
    /// <summary>The entity reported for a partially masked value whose kind the shape does not tell.</summary>
    public const string MaskedValue = "masked_value";

    private const string DateOfBirth = "date_of_birth";

    // Header words of a birth date column, in the languages our datasets use (compared without case).
    private static readonly string[] BirthHeaders = ["birth", "dob", "born", "出生", "生日", "csrq"];

    /// <summary>The entity of a partially masked value in <paramref name="value"/>, or null.</summary>
    public static string? PartialMask(string? value)
    {
        var text = value.AsSpan().Trim();
        int stars = 0, digits = 0, cjk = 0, letters = 0, other = 0;
        bool starNextToContent = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (IsMask(c))
            {
                stars++;
                starNextToContent |= (i > 0 && !IsMask(text[i - 1]) && !char.IsWhiteSpace(text[i - 1]))
                    || (i + 1 < text.Length && !IsMask(text[i + 1]) && !char.IsWhiteSpace(text[i + 1]));
            }
            else if (char.IsAsciiDigit(c)) digits++;
            else if (IsCjk(c)) cjk++;
            else if (char.IsAsciiLetter(c)) letters++;
            else other++;
        }

        if (stars == 0 || !starNextToContent)
        {
            return null;
        }

        int length = text.Length;
        // 1. Identifiers of digits: the length of the whole says which (an ID may end in X).
        if (cjk == 0 && other == 0 && letters <= 1 && digits > 0)
        {
            return length switch
            {
                11 when text[0] == '1' || IsMask(text[0]) => "cn_mobile",
                15 or 18 => "cn_resident_id",
                >= 16 and <= 19 => "bank_card",
                _ => MaskedValue,
            };
        }

        // 2. A name keeps its surname (one or two characters) and masks the given name.
        if (cjk is >= 1 and <= 3 && digits == 0 && letters == 0 && other == 0 && length <= 5)
        {
            return "person_name";
        }

        if (text.Contains('@'))
        {
            return "email";
        }

        // 3. Any other value with a run of two or more mask characters inside it.
        return stars >= 2 && (digits + letters + cjk) >= 2 ? MaskedValue : null;
    }

    /// <summary>True when <paramref name="header"/> names a birth date (birth_date, dob, 出生日期, 生日).</summary>
    public static bool IsBirthHeader(string header) =>
        BirthHeaders.Any(h => header.Contains(h, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when <paramref name="value"/> is a birth date generalized by masking or by the query: year-month
    /// (<c>1955-01</c>, <c>1955/01</c>, <c>1955年1月</c>), a decade (<c>1950s</c>, <c>50后</c>) or a year.
    /// </summary>
    public static bool GeneralizedDate(string? value)
    {
        var text = value.AsSpan().Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Length == 4 && Year(text))
        {
            return true;
        }

        if (text.Length == 5 && Year(text[..4]) && text[4] is 's' or 'S' && text[3] == '0')
        {
            return true;
        }

        if (text.Length == 3 && char.IsAsciiDigit(text[0]) && text[1] == '0' && text[2] == '后')
        {
            return true;
        }

        if (text.Length is 6 or 7 && Year(text[..4]) && text[4] is '-' or '/' or '.' or '年')
        {
            var month = text[5..].TrimEnd('月');
            return int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m is >= 1 and <= 12;
        }

        if (text.Length is 7 or 8 && Year(text[..4]) && text[4] == '年' && text[^1] == '月')
        {
            return int.TryParse(text[5..^1], NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m is >= 1 and <= 12;
        }

        return false;
    }

    /// <summary>The entity a birth-date column's value reveals, generalized or not; null when it is none.</summary>
    public static string? BirthValue(string? value) => GeneralizedDate(value) ? DateOfBirth : null;

    private static bool Year(ReadOnlySpan<char> text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int year) && year is >= 1900 and <= 2100;

    private static bool IsMask(char c) => c is '*' or '＊' or '●' or '•';

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';
}
