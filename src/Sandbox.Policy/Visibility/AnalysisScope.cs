using System.Collections.Immutable;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// The FROM items one query node can see, and the CTEs in force. Scopes chain to the enclosing query,
/// because a subquery may refer to its outer query's columns.
/// </summary>
internal sealed class AnalysisScope
{
    public AnalysisScope(AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        Parent = parent;
        Ctes = ctes;
    }

    public AnalysisScope? Parent { get; }

    /// <summary>CTEs visible here, by name (case-insensitive).</summary>
    public ImmutableDictionary<string, Relation> Ctes { get; }

    public List<Relation> Relations { get; } = [];

    public static ImmutableDictionary<string, Relation> NoCtes { get; } =
        ImmutableDictionary.Create<string, Relation>(StringComparer.OrdinalIgnoreCase);
}
