using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Rules;

/// <summary>
/// A masking-rule document (policies/masking/*.yaml): rules per dataset column, per entity type and per level,
/// and the columns whose data subjects consented to a weaker rule.
/// </summary>
/// <remarks>
/// <code>
/// levels:   { 3: mask, 4: tokenize }                 # defaults per level (never weaker than the built-in ones)
/// entities: { date_of_birth: month, address: district }
/// datasets:
///   residents:
///     birth_date: { technique: date-shift, days: 30, subject: resident_id }
///     income: noise-5%
///     age: { technique: age-band, width: 10, top: 80 }
/// consent: [residents.mobile]                          # dataset.column
/// </code>
/// A column's rule is the first of: its dataset/column rule, its entity's rule, its level's rule, the built-in
/// default (<see cref="MaskingDefaults.For"/>).
/// </remarks>
public sealed record MaskingRuleDocument
{
    /// <summary>The file the document was read from.</summary>
    public required string File { get; init; }

    /// <summary>Rules per classification level.</summary>
    public IReadOnlyDictionary<int, PlacedRule> Levels { get; init; } = new Dictionary<int, PlacedRule>();

    /// <summary>Rules per entity name of the contract (cn_mobile, address …).</summary>
    public IReadOnlyDictionary<string, PlacedRule> Entities { get; init; } = new Dictionary<string, PlacedRule>();

    /// <summary>Rules per "dataset.column".</summary>
    public IReadOnlyDictionary<string, PlacedRule> Columns { get; init; } = new Dictionary<string, PlacedRule>();

    /// <summary>"dataset.column" entries whose subjects consented to a rule weaker than the level's default.</summary>
    public IReadOnlySet<string> Consent { get; init; } = new HashSet<string>();

    /// <summary>Parses a document; every error names the file, line and field.</summary>
    public static MaskingRuleParse Parse(string yaml, string file) => MaskingRuleParser.Parse(yaml, file);

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MaskingRuleParse Load(string path) => Parse(System.IO.File.ReadAllText(path), path);

    /// <summary>
    /// The rule of <paramref name="dataset"/>.<paramref name="column"/>, classified as <paramref name="entity"/> at
    /// <paramref name="level"/>. A rule weaker than the built-in default of a level-3+ column is refused unless
    /// <see cref="Consent"/> lists the column; a date shift without a subject column is refused.
    /// </summary>
    public RuleDecision Resolve(string dataset, string column, string? entity, int level)
    {
        var builtIn = MaskingDefaults.For(entity, level);
        var key = dataset + "." + column;
        var placed = Columns.GetValueOrDefault(key)
            ?? (entity is null ? null : Entities.GetValueOrDefault(entity))
            ?? Levels.GetValueOrDefault(level);
        if (placed is null)
        {
            return new RuleDecision(builtIn, $"default for level {level}", null);
        }

        if (level >= 3 && MaskingDefaults.IsWeakerThan(placed.Rule, builtIn) && !Consent.Contains(key))
        {
            return new RuleDecision(null, placed.Where,
                $"{placed.Where}: the rule for {key} is weaker than level {level} allows ({builtIn.Technique}) and no consent is recorded for it");
        }

        if (placed.Rule.Technique == Technique.DateShift && string.IsNullOrEmpty(placed.Rule.Subject))
        {
            return new RuleDecision(null, placed.Where, $"{placed.Where}: a date shift needs 'subject', the column naming whose dates move together");
        }

        return new RuleDecision(placed.Rule, placed.Where, null);
    }
}
