namespace Sandbox.Policy.Queries;

/// <summary>
/// The relations (FROM items) and CTE names one query node can see. Scopes chain to their enclosing
/// query, because a subquery may refer to the columns of its outer query.
/// </summary>
internal sealed class QueryScope
{
    public QueryScope(QueryScope? parent)
    {
        Parent = parent;
    }

    public QueryScope? Parent { get; }

    public List<ScopedRelation> Relations { get; } = [];

    public HashSet<string> CteNames { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool SeesCte(string name)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope.CteNames.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
