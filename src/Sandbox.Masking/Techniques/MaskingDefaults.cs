using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Techniques;

/// <summary>The technique a column gets when the grant names none.</summary>
public static class MaskingDefaults
{
    private const string KeepFirstPrefix = "keep-first-";
    private const string LastInfix = "-last-";

    /// <summary>Level ≤ 2: keep; mobile/landline: keep first 3 last 4; other level 3: keep first 1 last 1 …; level 4: tokenize.</summary>
    /// <remarks>Person names at level 3 keep only the surname char (张*); level 4 and above always tokenize.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is below 1.</exception>
    public static MaskingRule For(string? entity, int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        return level switch
        {
            <= 2 => new MaskingRule(Technique.Keep),
            3 => PartialMaskFor(entity),
            _ => new MaskingRule(Technique.Tokenize),
        };
    }

    /// <summary>
    /// Parses a grant override: <c>keep</c>, <c>tokenize</c>, <c>redact</c>, <c>mask</c> (the level-3 partial
    /// mask, keep first 1 last 1) or <c>keep-first-N-last-M</c> (e.g. <c>keep-first-3-last-4</c>).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="technique"/> is none of these.</exception>
    public static MaskingRule Parse(string technique) => Parse(technique, entity: null);

    /// <summary>
    /// Parses a grant override like <see cref="Parse(string)"/>, where <c>mask</c> means the partial mask of
    /// <paramref name="entity"/> (keep first 3 last 4 for phones, the surname char for names).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="technique"/> is none of the accepted names.</exception>
    public static MaskingRule Parse(string technique, string? entity)
    {
        var text = (technique ?? string.Empty).Trim();
        switch (text.ToLowerInvariant())
        {
            case "keep":
                return new MaskingRule(Technique.Keep);
            case "tokenize":
                return new MaskingRule(Technique.Tokenize);
            case "redact":
                return new MaskingRule(Technique.Redact);
            case "mask":
                return PartialMaskFor(entity);
        }

        if (TryParseKeepFirstLast(text, out var first, out var last))
        {
            return new MaskingRule(Technique.KeepFirstLast, first, last);
        }

        throw new FormatException(
            $"Unknown masking technique '{technique}': expected keep, tokenize, redact, mask or keep-first-N-last-M (e.g. keep-first-3-last-4).");
    }

    /// <summary>
    /// True when <paramref name="rule"/> reveals more than <paramref name="levelDefault"/>, which a grant
    /// override may never do. Keep is weakest; keep-first-last is weaker when it keeps more chars at either
    /// end; tokenize and redact are equally strongest.
    /// </summary>
    public static bool IsWeakerThan(MaskingRule rule, MaskingRule levelDefault)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(levelDefault);

        var ruleRank = Rank(rule.Technique);
        var defaultRank = Rank(levelDefault.Technique);
        if (ruleRank != defaultRank)
        {
            return ruleRank < defaultRank;
        }

        // Both partial masks: weaker when it reveals any position the default hides, so
        // keep-first-4-last-0 is weaker than keep-first-3-last-4 although it keeps fewer chars.
        return rule.Technique == Technique.KeepFirstLast
            && (rule.First > levelDefault.First || rule.Last > levelDefault.Last);
    }

    private static MaskingRule PartialMaskFor(string? entity) => entity switch
    {
        Entities.Mobile or Entities.Landline => new MaskingRule(Technique.KeepFirstLast, 3, 4),
        Entities.PersonName => new MaskingRule(Technique.KeepFirstLast, 1, 0),
        _ => new MaskingRule(Technique.KeepFirstLast, 1, 1),
    };

    private static int Rank(Technique technique) => technique switch
    {
        Technique.Keep => 0,
        Technique.KeepFirstLast => 1,
        _ => 2, // Tokenize and Redact
    };

    // keep-first-N-last-M with N, M plain non-negative integers (no sign, no spaces), case-insensitive.
    private static bool TryParseKeepFirstLast(string text, out int first, out int last)
    {
        first = last = 0;
        if (!text.StartsWith(KeepFirstPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text.AsSpan(KeepFirstPrefix.Length);
        var infix = rest.IndexOf(LastInfix, StringComparison.OrdinalIgnoreCase);
        return infix > 0
            && TryParseCount(rest[..infix], out first)
            && TryParseCount(rest[(infix + LastInfix.Length)..], out last);
    }

    private static bool TryParseCount(ReadOnlySpan<char> digits, out int count) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count <= 1000;
}
