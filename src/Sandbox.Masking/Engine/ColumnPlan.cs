using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Engine;

/// <summary>The rule of one column of a record batch; columns without a plan pass through unchanged.</summary>
/// <param name="Column">The column's name in the batch schema.</param>
/// <param name="Rule">The rule applied to its values.</param>
public sealed record ColumnPlan(string Column, MaskingRule Rule);
