using System.Buffers;

namespace Sandbox.Masking.Detection;

/// <summary>
/// The one scanner for personal data (level 3+) inside free text — a cell, a remark column, a log line
/// (备注: 联系电话13912345678，地址南京市…). Used by the column classifier, the export gate and the log redactor, so
/// the three agree on what a value inside text is.
/// </summary>
/// <remarks>
/// Tried in order: the whole text; each token between separators alone (trimmed of identifier punctuation) and in runs
/// of up to four (a grouped "+86 138 1234 5678"); each run of ASCII identifier characters (a mobile written straight
/// after Chinese text), also without a leading label (Tel13912345678, IP:10.1.2.3) and with a plate's province
/// character before it (京A12345); the tail of a clause after 址 (an address after 地址/住址). Credit codes are left
/// out: an enterprise's code is not personal, and 18-digit order numbers pass its check 1 time in 31.
/// </remarks>
public static class PersonalDataScanner
{
    /// <summary>The level from which a value is personal data.</summary>
    public const int PersonalLevel = 3;

    // Characters found inside identifiers (e-mail, IP, grouped phone numbers): they do not split a token, but are
    // trimmed from its ends (a full stop after a number ends the sentence, not the number).
    private const string IdentifierPunctuationChars = "@._-+";
    private static readonly SearchValues<char> IdentifierPunctuation = SearchValues.Create(IdentifierPunctuationChars);

    // Chars that end a clause; ASCII ':' is not one of them because IPv6 addresses contain it.
    private const string ClauseEnds = " \t\r\n，。；;,、：（）()【】[]\"“”‘’！？!?<>《》|";
    private const string PlateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    // A grouped number spans up to four whitespace-separated tokens.
    private const int MaxTokenRun = 4;

    /// <summary>
    /// True for a character between tokens: whitespace, and punctuation or symbols (full-width included, ':' and '='
    /// too, so "id=110101…" isolates the value) other than those inside identifiers.
    /// </summary>
    public static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || ((char.IsPunctuation(c) || char.IsSymbol(c)) && !IdentifierPunctuation.Contains(c));

    /// <summary>The first personal-data detector that matches a value inside <paramref name="text"/>, or null.</summary>
    public static IDetector? Find(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty) return null;
        return Personal(text) ?? InTokens(text) ?? InClauses(text);
    }

    private static IDetector? InTokens(ReadOnlySpan<char> text)
    {
        Span<Range> tokens = text.Length <= 256 ? stackalloc Range[text.Length / 2 + 1] : new Range[text.Length / 2 + 1];
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i])) i++;
            var start = i;
            while (i < text.Length && !IsSeparator(text[i])) i++;
            if (i > start) tokens[count++] = start..i;
        }

        for (var first = 0; first < count; first++)
        {
            for (var last = first; last < Math.Min(count, first + MaxTokenRun); last++)
            {
                var candidate = text[tokens[first].Start.Value..tokens[last].End.Value];
                if (candidate.Length == text.Length) continue; // the whole text was tried already
                if ((Personal(candidate.Trim(IdentifierPunctuationChars)) ?? (last == first ? null : Personal(candidate))) is { } found)
                {
                    return found;
                }
            }
        }
        return null;
    }

    private static IDetector? InClauses(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny(ClauseEnds);
            var clause = end < 0 ? text : text[..end];
            if (!clause.IsEmpty && InClause(clause) is { } found) return found;
            text = end < 0 ? default : text[(end + 1)..];
        }
        return null;
    }

    private static IDetector? InClause(ReadOnlySpan<char> clause)
    {
        if (Personal(clause) is { } whole) return whole;

        var i = 0;
        while (i < clause.Length)
        {
            if (!IsRunChar(clause[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < clause.Length && IsRunChar(clause[i])) i++;

            var run = clause[start..i].Trim(".-:_·");
            if (Personal(run) is { } found) return found;

            // A label written straight before the value (IP10.1.2.3, IP:10.1.2.3, Tel13912345678).
            var unlabelled = run.TrimStart("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").TrimStart(":_-");
            if (unlabelled.Length < run.Length && Personal(unlabelled) is { } labelled) return labelled;

            // A plate: the province char sits just before the ASCII run (京A12345).
            if (start > 0 && PlateProvinces.Contains(clause[start - 1]) && Personal(clause[(start - 1)..i]) is { } plate) return plate;
        }

        // An address inside a clause: from each administrative unit's start is too costly; try the tail after 址.
        var label = clause.IndexOf("址");
        return label >= 0 && label + 1 < clause.Length ? Personal(clause[(label + 1)..]) : null;
    }

    private static IDetector? Personal(ReadOnlySpan<char> candidate)
    {
        if (candidate.IsEmpty) return null;
        var detectors = Detectors.All;
        for (var i = 0; i < detectors.Count; i++)
        {
            if (detectors[i].DefaultLevel >= PersonalLevel && detectors[i].Matches(candidate)) return detectors[i];
        }
        return null;
    }

    private static bool IsRunChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+' or ':' or '·';
}
