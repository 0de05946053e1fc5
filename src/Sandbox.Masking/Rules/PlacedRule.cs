using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Rules;

/// <summary>A rule of a masking-rule document and where it was written (for error messages).</summary>
/// <param name="Rule">The rule.</param>
/// <param name="File">The document's file name.</param>
/// <param name="Line">1-based line of the rule.</param>
/// <param name="Field">The rule's path in the document, e.g. <c>datasets.residents.mobile</c>.</param>
public sealed record PlacedRule(MaskingRule Rule, string File, int Line, string Field)
{
    /// <summary>"file:line: field" — the prefix of every message about this rule.</summary>
    public string Where => $"{File}:{Line}: {Field}";
}
