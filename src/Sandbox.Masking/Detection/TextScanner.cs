namespace Sandbox.Masking.Detection;

/// <summary>
/// Finds a sensitive value inside free text (备注: 联系电话13912345678，地址南京市…): every detector of
/// <see cref="Detectors.All"/> that finds personal data (level 3+) is tried on each clause and on each run of
/// identifier characters in it.
/// </summary>
/// <remarks>Credit codes are left out: an enterprise's code is not personal, and 18-digit order numbers pass its check 1 time in 31.</remarks>
internal static class TextScanner
{
    // Chars that end a clause; ASCII ':' is not one of them because IPv6 addresses contain it.
    private const string ClauseEnds = " \t\r\n，。；;,、：（）()【】[]\"“”‘’！？!?<>《》|";
    private const string PlateProvinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    /// <summary>The first detector that matches a value inside <paramref name="text"/>, or null.</summary>
    public static IDetector? Find(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var end = text.IndexOfAny(ClauseEnds);
            var clause = end < 0 ? text : text[..end];
            if (FindInClause(clause) is { } found)
            {
                return found;
            }

            text = end < 0 ? default : text[(end + 1)..];
        }

        return null;
    }

    private static IDetector? FindInClause(ReadOnlySpan<char> clause)
    {
        if (clause.IsEmpty)
        {
            return null;
        }

        if (Personal(clause) is { } whole)
        {
            return whole;
        }

        // Runs of ASCII identifier chars (a mobile or ID written straight after Chinese text).
        var i = 0;
        while (i < clause.Length)
        {
            if (!IsRunChar(clause[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < clause.Length && IsRunChar(clause[i]))
            {
                i++;
            }

            var run = clause[start..i].Trim(".-:_·");
            if (Personal(run) is { } found)
            {
                return found;
            }

            // A label written straight before the value (IP10.1.2.3, IP:10.1.2.3, Tel13912345678).
            var unlabelled = run.TrimStart("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").TrimStart(":_-");
            if (unlabelled.Length < run.Length && Personal(unlabelled) is { } labelled)
            {
                return labelled;
            }

            // A plate: the province char sits just before the ASCII run (京A12345).
            if (start > 0 && PlateProvinces.Contains(clause[start - 1]) && Personal(clause[(start - 1)..i]) is { } plate)
            {
                return plate;
            }
        }

        // An address inside a clause: from each administrative unit's start is too costly; try the clause tail
        // after a label such as 地址 or 住址.
        var label = clause.IndexOf("址");
        return label >= 0 && label + 1 < clause.Length ? Personal(clause[(label + 1)..]) : null;
    }

    private static IDetector? Personal(ReadOnlySpan<char> candidate)
    {
        var detectors = Detectors.All;
        for (var i = 0; i < detectors.Count; i++)
        {
            if (detectors[i].DefaultLevel >= 3 && detectors[i].Matches(candidate))
            {
                return detectors[i];
            }
        }

        return null;
    }

    private static bool IsRunChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' or '+' or ':' or '·';
}
