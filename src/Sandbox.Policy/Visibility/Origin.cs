namespace Sandbox.Policy.Visibility;

/// <summary>A base column whose values flow into an expression, and how.</summary>
/// <param name="Table">The dataset.</param>
/// <param name="Column">The column.</param>
/// <param name="Constraint">The column's constraint.</param>
/// <param name="Mode">How its values reach the expression.</param>
internal sealed record Origin(string Table, string Column, ColumnConstraint Constraint, FlowMode Mode)
{
    /// <summary>True while the values are the column's own, untransformed (a join key must be: not a generated domain).</summary>
    public bool Exact { get; init; } = true;

    /// <summary>True for a value that differs row by row (<c>rowid</c>, <c>row_number()</c>): a group key of one row.</summary>
    public bool RowIdentity { get; init; }

    /// <summary>True when the column's rule restricts its use (anything but plain and masked).</summary>
    public bool IsConstrained => Constraint is not (ColumnConstraint.Plain or ColumnConstraint.Masked);

    public string Describe() => $"{Table}.{Column}";

    /// <summary>A per-row value named <paramref name="what"/> (<c>rowid</c> of a table, <c>row_number()</c>).</summary>
    public static Origin PerRow(string table, string what) =>
        new(table, what, ColumnConstraint.Plain, FlowMode.Value) { RowIdentity = true };
}
