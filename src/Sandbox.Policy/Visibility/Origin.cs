namespace Sandbox.Policy.Visibility;

/// <summary>A base column whose values flow into an expression, and how.</summary>
/// <param name="Table">The dataset.</param>
/// <param name="Column">The column.</param>
/// <param name="Constraint">The column's constraint.</param>
/// <param name="Mode">How its values reach the expression.</param>
internal sealed record Origin(string Table, string Column, ColumnConstraint Constraint, FlowMode Mode)
{
    public string Describe() => $"{Table}.{Column}";
}
