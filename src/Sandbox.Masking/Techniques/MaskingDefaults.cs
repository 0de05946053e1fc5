using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Techniques;

/// <summary>The technique a column gets when the grant names none.</summary>
public static class MaskingDefaults
{
    private const string KeepFirstPrefix = "keep-first-";
    private const string LastInfix = "-last-";

    /// <summary>Level ≤ 2: keep; mobile/landline: keep first 3 last 4; other level 3: keep first 1 last 1 …; level 4: tokenize.</summary>
    /// <remarks>
    /// Person names at level 3 keep only the surname char (张*); dates of birth keep their year, addresses their
    /// district; level 4 and above always tokenize.
    /// </remarks>
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
    /// mask, keep first 1 last 1), <c>keep-first-N-last-M</c> (e.g. <c>keep-first-3-last-4</c>), <c>year</c>,
    /// <c>month</c>, <c>district</c>, <c>age-band-N</c>, <c>bucket-N</c>, <c>top-code-N</c>, <c>bottom-code-N</c>,
    /// <c>noise-P%</c> or <c>date-shift-N</c> (days; the subject column comes from a rule document).
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
            case "year" or "generalize-year":
                return Generalized(Generalization.Year);
            case "month" or "generalize-month":
                return Generalized(Generalization.Month);
            case "district" or "generalize-district":
                return Generalized(Generalization.District);
        }

        if (TryParseKeepFirstLast(text, out var first, out var last))
        {
            return new MaskingRule(Technique.KeepFirstLast, first, last);
        }

        if (TryParseParameterized(text) is { } parameterized)
        {
            return parameterized;
        }

        throw new FormatException(
            $"Unknown masking technique '{technique}': expected keep, tokenize, redact, mask, keep-first-N-last-M (e.g. keep-first-3-last-4), " +
            "year, month, district, age-band-N, bucket-N, top-code-N, bottom-code-N, noise-P% or date-shift-N.");
    }

    /// <summary>
    /// True when <paramref name="rule"/> reveals more than <paramref name="levelDefault"/>, which a grant
    /// override may never do. Keep is weakest; partial masks, generalization, noise and date shift reveal part of a
    /// value; tokenize and redact are equally strongest. Within one technique: keep-first-last is weaker when it
    /// keeps more chars at either end, month weaker than year, a narrower band or bucket, smaller noise or a
    /// smaller date shift weaker than a wider one.
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

        if (rule.Technique != levelDefault.Technique)
        {
            return false; // different ways of revealing part of a value: neither is weaker by rule
        }

        return rule.Technique switch
        {
            // Weaker when it reveals any position the default hides, so keep-first-4-last-0 is weaker than
            // keep-first-3-last-4 although it keeps fewer chars.
            Technique.KeepFirstLast => rule.First > levelDefault.First || rule.Last > levelDefault.Last,
            Technique.Generalize => GeneralizesLess(rule, levelDefault),
            Technique.Noise => rule.Scale < levelDefault.Scale,
            Technique.DateShift => rule.MaxDays < levelDefault.MaxDays,
            _ => false,
        };
    }

    private static bool GeneralizesLess(MaskingRule rule, MaskingRule levelDefault) =>
        (rule.Generalization, levelDefault.Generalization) switch
        {
            (Generalization.Month, Generalization.Year) => true,
            (Generalization.AgeBand, Generalization.AgeBand) or (Generalization.Bucket, Generalization.Bucket) =>
                rule.Width < levelDefault.Width,
            _ => false,
        };

    private static MaskingRule Generalized(Generalization to, double width = 0) =>
        new(Technique.Generalize) { Generalization = to, Width = width };

    // age-band-N, bucket-N, top-code-N, bottom-code-N, noise-P%, date-shift-N; null when none of them.
    private static MaskingRule? TryParseParameterized(string text)
    {
        var lower = text.ToLowerInvariant();
        foreach (var (prefix, build) in Parameterized)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal)
                && double.TryParse(lower.AsSpan(prefix.Length).TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && double.IsFinite(n))
            {
                return build(n, lower.EndsWith('%'));
            }
        }

        return null;
    }

    private static readonly (string Prefix, Func<double, bool, MaskingRule?> Build)[] Parameterized =
    [
        ("age-band-", (n, _) => n >= 1 && n == Math.Floor(n) ? Generalized(Generalization.AgeBand, n) : null),
        ("bucket-", (n, _) => n > 0 ? Generalized(Generalization.Bucket, n) : null),
        ("top-code-", (n, _) => new MaskingRule(Technique.Generalize) { Generalization = Generalization.Bucket, Top = n }),
        ("bottom-code-", (n, _) => new MaskingRule(Technique.Generalize) { Generalization = Generalization.Bucket, Bottom = n }),
        ("noise-", (n, percent) => percent && n is > 0 and <= 100 ? new MaskingRule(Technique.Noise) { Scale = n / 100 } : null),
        ("date-shift-", (n, _) => n >= 1 && n <= 3650 && n == Math.Floor(n) ? new MaskingRule(Technique.DateShift) { MaxDays = (int)n } : null),
    ];

    private static MaskingRule PartialMaskFor(string? entity) => entity switch
    {
        Entities.DateOfBirth => Generalized(Generalization.Year),
        Entities.Address => Generalized(Generalization.District),
        Entities.Mobile or Entities.Landline => new MaskingRule(Technique.KeepFirstLast, 3, 4),
        Entities.PersonName => new MaskingRule(Technique.KeepFirstLast, 1, 0),
        _ => new MaskingRule(Technique.KeepFirstLast, 1, 1),
    };

    private static int Rank(Technique technique) => technique switch
    {
        Technique.Keep => 0,
        Technique.KeepFirstLast or Technique.Generalize or Technique.Noise or Technique.DateShift => 1,
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
