using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sandbox.Policy.Visibility;

/// <summary>Where an expression is evaluated.</summary>
/// <param name="Scope">The query scope.</param>
/// <param name="Location">The clause, for refusals: <c>WHERE</c>, <c>GROUP BY</c> …</param>
/// <param name="Keys">The query's grouping keys: an expression equal to one reaches the output once per group.</param>
/// <param name="Lambdas">Names bound by enclosing lambdas: never columns.</param>
/// <param name="Aliases">Select-list aliases a name falls back to when no column has it.</param>
/// <param name="PerRowGroups">Why the query's groups may hold one row each (a key of <c>rowid</c> …); null when they need not.</param>
internal readonly record struct ExpressionContext(
    AnalysisScope Scope,
    string Location,
    IReadOnlyList<GroupKey> Keys,
    ImmutableHashSet<string> Lambdas,
    ImmutableDictionary<string, JsonObject> Aliases,
    string? PerRowGroups = null)
{
    public static ExpressionContext In(AnalysisScope scope, string location) => new(
        scope, location, [],
        ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary.Create<string, JsonObject>(StringComparer.OrdinalIgnoreCase));
}
