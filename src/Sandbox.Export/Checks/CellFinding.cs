namespace Sandbox.Export.Checks;

/// <summary>One flagged cell (or row, or header) as data, so tools can point at it; never holds the cell's value.</summary>
/// <param name="Row">The 1-based data row; null for a header or the whole output.</param>
/// <param name="Column">The column's label (its header, or <c>#n</c> when the header is itself sensitive); null for a whole row.</param>
/// <param name="Rule">The rule that flagged it.</param>
/// <param name="Subjects">The fewest distinct subjects the cell may rest on, when known.</param>
/// <param name="Share">The share of the cell's total held by its top two subjects, when the dominance rule measured it.</param>
public sealed record CellFinding(int? Row, string? Column, string Rule, long? Subjects = null, double? Share = null)
{
    /// <summary>The earlier cell this one is paired with (differencing): <c>{export, row, column}</c>; null otherwise.</summary>
    public CellReference? Against { get; init; }
}
