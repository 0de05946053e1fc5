namespace Sandbox.Policy.Queries;

/// <summary>A base table a statement reads (never a CTE name).</summary>
/// <param name="Name">The table's name as written.</param>
/// <param name="Alias">The alias given in FROM, if any.</param>
public sealed record TableReference(string Name, string? Alias)
{
    /// <summary>The schema the name was qualified with (<c>main.t</c>), if any.</summary>
    public string? Schema { get; init; }

    /// <summary>The catalog the name was qualified with (<c>db.main.t</c>), if any.</summary>
    public string? Catalog { get; init; }

    /// <summary>True when FROM renames the table's columns (<c>t AS x(a, b)</c>), which hides which column a name means.</summary>
    public bool RenamesColumns { get; init; }

    /// <summary>True when the name carries a schema or catalog.</summary>
    public bool IsQualified => Schema is not null || Catalog is not null;

    /// <summary>The name as written, with its schema and catalog.</summary>
    public string QualifiedName => string.Join('.', new[] { Catalog, Schema, Name }.Where(p => p is not null));
}
