namespace Sandbox.Masking.Techniques;

/// <summary>What a <see cref="Technique.Generalize"/> rule coarsens a value to.</summary>
public enum Generalization
{
    /// <summary>No generalization (the rule is of another technique).</summary>
    None,
    /// <summary>A date to its year (1990-05-12 → 1990, or 1990-01-01 for a date column).</summary>
    Year,
    /// <summary>A date to its month (1990-05-12 → 1990-05, or 1990-05-01 for a date column).</summary>
    Month,
    /// <summary>An age to a band of <see cref="MaskingRule.Width"/> years (37 → 30-39), with top/bottom coding.</summary>
    AgeBand,
    /// <summary>An address to its district (江苏省南京市江宁区天元中路123号 → 江苏省南京市江宁区).</summary>
    District,
    /// <summary>A number to the lower bound of its bucket of <see cref="MaskingRule.Width"/>, with top/bottom coding.</summary>
    Bucket,
}
