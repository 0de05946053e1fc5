namespace Sandbox.Policy.Visibility;

/// <summary>A column a SQL job's workspace holds, with the constraint that applies to it.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="Constraint">How a query may use it.</param>
public sealed record ConstrainedColumn(string Name, ColumnConstraint Constraint);
