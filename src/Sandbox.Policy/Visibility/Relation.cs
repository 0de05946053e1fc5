using System.Collections.Immutable;

namespace Sandbox.Policy.Visibility;

/// <summary>A FROM item as the analysis sees it: its qualifier and output columns with their flows.</summary>
/// <param name="Qualifier">The alias, or the table or CTE name; null for an unnamed subquery.</param>
/// <param name="Columns">The columns, in order.</param>
internal sealed record Relation(string? Qualifier, IReadOnlyList<RelationColumn> Columns)
{
    /// <summary>The base table behind it, when it is one (qualifies <c>table.column</c> even under an alias).</summary>
    public string? BaseTable { get; init; }

    /// <summary>Columns a name reaches but <c>*</c> does not (a base table's <c>rowid</c>).</summary>
    public IReadOnlyList<RelationColumn> Pseudo { get; init; } = [];

    /// <summary>Columns <c>*</c> leaves out: the right side's copy of a USING or NATURAL join column.</summary>
    public ImmutableHashSet<string> StarExcluded { get; init; } = ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase);

    public bool IsNamed(string qualifier) =>
        string.Equals(Qualifier, qualifier, StringComparison.OrdinalIgnoreCase)
        || (BaseTable is not null && string.Equals(BaseTable, qualifier, StringComparison.OrdinalIgnoreCase));

    /// <summary>The columns of that name (several when a relation repeats a name, which only a join's star does).</summary>
    public IEnumerable<RelationColumn> Find(string name)
    {
        var found = Columns.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return found.Count > 0 ? found : Pseudo.Where(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The columns <c>*</c> expands to.</summary>
    public IEnumerable<RelationColumn> StarColumns => Columns.Where(c => !StarExcluded.Contains(c.Name));

    /// <summary>
    /// The same relation with its columns renamed positionally (<c>t AS x(a, b)</c>), then repeated names made unique
    /// the way DuckDB binds a subquery or CTE: the second <c>id</c> becomes <c>id_1</c>, skipping names already taken.
    /// </summary>
    public Relation Renamed(IReadOnlyList<string> names)
    {
        var renamed = Columns.Select((c, i) => i < names.Count ? names[i] : c.Name).ToList();
        var unique = ColumnNames.Deduplicate(renamed);
        return this with { Columns = [.. Columns.Select((c, i) => c with { Name = unique[i] })] };
    }
}
