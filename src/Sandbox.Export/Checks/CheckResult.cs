namespace Sandbox.Export.Checks;

/// <summary>The finding of one disclosure rule.</summary>
/// <param name="Rule">The rule's name: <c>file</c>, <c>threshold</c>, <c>pii</c>, <c>token-leak</c>.</param>
/// <param name="Status">What the rule decided.</param>
/// <param name="Detail">One sentence a reviewer can act on. Never holds a cell's value, which may be personal data.</param>
/// <param name="Cells">The cells the rule flags, named by position (<c>row 3, column enterprises</c>, 1-based data rows), never by value.</param>
public sealed record CheckResult(string Rule, CheckStatus Status, string Detail, IReadOnlyList<string> Cells)
{
    /// <summary>The flagged cells as data (<c>{row, column, rule, subjects, share}</c>), beside their names in <see cref="Cells"/>.</summary>
    public IReadOnlyList<CellFinding> Findings { get; init; } = [];
}
