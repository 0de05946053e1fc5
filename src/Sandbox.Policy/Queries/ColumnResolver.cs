namespace Sandbox.Policy.Queries;

/// <summary>
/// Resolves column references to the base-table columns they may mean. Resolution errs towards more
/// candidates, never fewer: a caller that checks every candidate cannot be fooled by an ambiguous name.
/// </summary>
internal static class ColumnResolver
{
    /// <summary>
    /// The (table, column) pairs <paramref name="use"/> may refer to, given each base table's full
    /// column list (<paramref name="columnsOf"/> returns null for an unknown table). Names that bind
    /// to no base table (aliases, CTE or subquery outputs, unknown names) yield nothing.
    /// </summary>
    public static IEnumerable<(string Table, string Column)> Candidates(
        ColumnUse use, Func<string, IReadOnlyList<string>?> columnsOf)
    {
        var parts = use.Parts;
        var found = new List<(string, string)>();

        // 1. qualifier.column: the nearest scope with a relation of that name decides.
        if (parts.Count >= 2)
        {
            for (var scope = use.Scope; scope is not null; scope = scope.Parent)
            {
                var named = scope.Relations.Where(r => r.IsNamed(parts[0])).ToList();
                if (named.Count == 0)
                {
                    continue;
                }

                found.AddRange(named.Where(r => r.BaseTable is not null).Select(r => (r.BaseTable!, parts[1])));
                break;
            }
        }

        // 2. schema.table.column.
        if (parts.Count >= 3)
        {
            for (var scope = use.Scope; scope is not null; scope = scope.Parent)
            {
                found.AddRange(scope.Relations
                    .Where(r => string.Equals(r.BaseTable, parts[1], StringComparison.OrdinalIgnoreCase))
                    .Select(r => (r.BaseTable!, parts[2])));
            }
        }

        // 3. A bare column (or a struct column followed by fields): the nearest scope whose base tables have it.
        for (var scope = use.Scope; scope is not null; scope = scope.Parent)
        {
            var here = scope.Relations
                .Where(r => r.BaseTable is not null
                    && columnsOf(r.BaseTable) is { } columns
                    && columns.Contains(parts[0], StringComparer.OrdinalIgnoreCase))
                .Select(r => (r.BaseTable!, parts[0]))
                .ToList();
            if (here.Count > 0)
            {
                found.AddRange(here);
                break;
            }
        }

        return found.Distinct();
    }
}
