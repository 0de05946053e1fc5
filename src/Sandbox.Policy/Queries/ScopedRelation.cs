namespace Sandbox.Policy.Queries;

/// <summary>One FROM item as a column qualifier sees it.</summary>
/// <param name="Qualifier">The alias, or the table, CTE or function name when there is none.</param>
/// <param name="BaseTable">The base table's name; null for CTEs, subqueries and table functions, whose columns are derived.</param>
internal sealed record ScopedRelation(string Qualifier, string? BaseTable)
{
    public bool IsNamed(string qualifier) =>
        string.Equals(Qualifier, qualifier, StringComparison.OrdinalIgnoreCase)
        // DuckDB refuses the table name once an alias is given; matching it anyway only errs towards checking more.
        || (BaseTable is not null && string.Equals(BaseTable, qualifier, StringComparison.OrdinalIgnoreCase));
}
