namespace Sandbox.Policy.Queries.Evidence;

/// <summary>A subject column as the top-level query sees it: how to name it there, and the base table it comes from.</summary>
/// <param name="Qualifier">The table, alias or derived-table name to qualify it with; null when unqualified.</param>
/// <param name="Column">The column's name in that scope (the subject column itself, or a carried copy).</param>
/// <param name="Label">The base table and its subject column, <c>table.column</c>, for reports.</param>
internal sealed record SubjectSource(string? Qualifier, string Column, string Label);
