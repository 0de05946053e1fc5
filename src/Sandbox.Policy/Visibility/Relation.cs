namespace Sandbox.Policy.Visibility;

/// <summary>A FROM item as the analysis sees it: its qualifier and output columns with their flows.</summary>
/// <param name="Qualifier">The alias, or the table or CTE name; null for an unnamed subquery.</param>
/// <param name="Columns">The columns, in order.</param>
internal sealed record Relation(string? Qualifier, IReadOnlyList<RelationColumn> Columns)
{
    /// <summary>The base table behind it, when it is one (qualifies <c>table.column</c> even under an alias).</summary>
    public string? BaseTable { get; init; }

    public bool IsNamed(string qualifier) =>
        string.Equals(Qualifier, qualifier, StringComparison.OrdinalIgnoreCase)
        || (BaseTable is not null && string.Equals(BaseTable, qualifier, StringComparison.OrdinalIgnoreCase));

    public RelationColumn? Find(string name) =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The same relation with its columns renamed positionally (<c>t AS x(a, b)</c>).</summary>
    public Relation Renamed(IReadOnlyList<string> names) => this with
    {
        Columns = [.. Columns.Select((c, i) => i < names.Count ? c with { Name = names[i] } : c)],
    };
}
