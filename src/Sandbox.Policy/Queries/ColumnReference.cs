namespace Sandbox.Policy.Queries;

/// <summary>A column reference in a statement.</summary>
/// <param name="Qualifier">The table name or alias before the dot (<c>e.uscc</c>), or null when unqualified.</param>
/// <param name="Name">The column's name.</param>
public sealed record ColumnReference(string? Qualifier, string Name);
