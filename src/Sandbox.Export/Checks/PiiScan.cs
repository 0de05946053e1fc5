using System.Buffers;
using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Export.Checks;

/// <summary>Finds a sensitive value anywhere in a cell: the whole cell, its tokens, and short runs of tokens.</summary>
internal static class PiiScan
{
    // Characters found inside identifiers (e-mail, IP, grouped phone numbers): they must not split a token,
    // but are trimmed from a token's ends (a full stop after a number ends the sentence, not the number).
    private const string IdentifierPunctuationChars = "@._-+";
    private static readonly SearchValues<char> IdentifierPunctuation = SearchValues.Create(IdentifierPunctuationChars);

    // A grouped number ("+86 138 1234 5678") spans up to four whitespace-separated tokens.
    private const int MaxTokenRun = 4;

    /// <summary>The entity of the first sensitive value found in <paramref name="value"/>, or null.</summary>
    public static string? EntityIn(string? value)
    {
        var text = value.AsSpan().Trim();
        if (text.IsEmpty || IsPlainNumber(text))
        {
            return null;
        }

        return Detect(text) ?? InSeparatedTokens(text) ?? InAsciiRuns(text);
    }

    /// <summary>
    /// Numbers with a fraction or of at most six digits are measures, not identifiers; long integers are
    /// scanned, because identifiers (IDs, mobiles, cards) are exactly long digit strings.
    /// </summary>
    private static bool IsPlainNumber(ReadOnlySpan<char> text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        int digits = 0;
        foreach (char c in text)
        {
            if (c is '.' or 'e' or 'E')
            {
                return true;
            }

            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits <= 6;
    }

    /// <summary>Tokens split at whitespace and punctuation (full-width included), tried alone and in runs.</summary>
    private static string? InSeparatedTokens(ReadOnlySpan<char> text)
    {
        var starts = new List<int>();
        var ends = new List<int>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i]))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && !IsSeparator(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                starts.Add(start);
                ends.Add(i);
            }
        }

        for (int first = 0; first < starts.Count; first++)
        {
            for (int last = first; last < Math.Min(starts.Count, first + MaxTokenRun); last++)
            {
                var candidate = text[starts[first]..ends[last]];
                if (candidate.Length == text.Length)
                {
                    continue; // the whole cell was tried already
                }

                var entity = Detect(candidate.Trim(IdentifierPunctuationChars))
                    ?? (last == first ? null : Detect(candidate));
                if (entity is not null)
                {
                    return entity;
                }
            }
        }

        return null;
    }

    /// <summary>Maximal runs of ASCII identifier characters: finds "13912345678" inside "电话13912345678".</summary>
    private static string? InAsciiRuns(ReadOnlySpan<char> text)
    {
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsAsciiIdentifierChar(text[i]))
            {
                i++;
            }

            int start = i;
            while (i < text.Length && IsAsciiIdentifierChar(text[i]))
            {
                i++;
            }

            var run = text[start..i].Trim(IdentifierPunctuationChars);
            if (!run.IsEmpty && run.Length < text.Length && Detect(run) is { } entity)
            {
                return entity;
            }
        }

        return null;
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || ((char.IsPunctuation(c) || char.IsSymbol(c)) && !IdentifierPunctuation.Contains(c));

    private static bool IsAsciiIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || IdentifierPunctuation.Contains(c);

    /// <summary>
    /// Personal data only (level 3 and above): an enterprise's credit code is public registration data, not a
    /// person's, and flagging it would teach reviewers to override the rule.
    /// </summary>
    private static string? Detect(ReadOnlySpan<char> candidate)
    {
        if (candidate.IsEmpty) return null;
        var detectors = Detectors.All;
        for (var i = 0; i < detectors.Count; i++)
        {
            if (detectors[i].DefaultLevel >= PersonalLevel && detectors[i].Matches(candidate)) return detectors[i].Entity;
        }
        return null;
    }

    /// <summary>The level from which a value is personal data the gate must stop.</summary>
    internal const int PersonalLevel = 3;
}
