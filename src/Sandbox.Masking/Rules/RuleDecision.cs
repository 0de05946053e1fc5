using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Rules;

/// <summary>The rule a column gets, or why the document's rule for it is refused.</summary>
/// <param name="Rule">The rule to apply; null when refused.</param>
/// <param name="Source">Where the rule came from: a document position, or "default for level N".</param>
/// <param name="Refusal">Why the document's rule is refused (names file, line and field); null when allowed.</param>
public sealed record RuleDecision(MaskingRule? Rule, string Source, string? Refusal)
{
    /// <summary>True when a rule applies.</summary>
    public bool Allowed => Refusal is null;
}
