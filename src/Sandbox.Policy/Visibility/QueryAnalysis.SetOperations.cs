using System.Collections.Immutable;
using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    private QueryResult SetOperation(JsonObject node, AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        var type = Text(node["setop_type"]);
        var left = node["left"] is JsonObject l ? Query(l, parent, ctes) : QueryResult.Empty;
        var right = node["right"] is JsonObject r ? Query(r, parent, ctes) : QueryResult.Empty;
        if (!Decide("setop", type, "a set operation"))
        {
            return QueryResult.Empty;
        }

        var columns = type == AstNames.UnionByName ? ByName(left.Columns, right.Columns) : ByPosition(type!, left.Columns, right.Columns);

        // UNION (without ALL), EXCEPT and INTERSECT compare whole rows for equality, like DISTINCT: their columns are keys.
        if (node["setop_all"]?.GetValue<bool>() != true || type is AstNames.Except or AstNames.Intersect)
        {
            var location = type == AstNames.UnionByName ? "UNION BY NAME" : type!;
            foreach (var column in columns)
            {
                Check(column.Flow, UseKind.Group, location);
            }
        }

        var scope = new AnalysisScope(parent, ctes);
        scope.Relations.Add(new Relation(null, columns));
        Modifiers(node, columns, ExpressionContext.In(scope, "ORDER BY"));
        return new QueryResult(columns, left.Conditions.Union(right.Conditions)) { Correlated = left.Correlated || right.Correlated };
    }

    private List<RelationColumn> ByPosition(string type, IReadOnlyList<RelationColumn> left, IReadOnlyList<RelationColumn> right)
    {
        if (left.Count != right.Count)
        {
            Refuse($"the two sides of {type} have {left.Count} and {right.Count} columns as the analysis counts them, so their columns cannot be paired");
        }

        return [.. left.Select((c, i) => i < right.Count ? c with { Flow = Merge(c.Flow, right[i].Flow) } : c)];
    }

    /// <summary>UNION BY NAME: the left side's names, then the right side's new ones; a name one side lacks is NULL there.</summary>
    private List<RelationColumn> ByName(IReadOnlyList<RelationColumn> left, IReadOnlyList<RelationColumn> right)
    {
        foreach (var side in new[] { left, right })
        {
            if (side.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            {
                Refuse($"UNION BY NAME over a side that repeats the name {repeated.Key} cannot be paired by name");
            }
        }

        var names = left.Select(c => c.Name).Concat(right.Select(c => c.Name)).Distinct(StringComparer.OrdinalIgnoreCase);
        return [.. names.Select(name => new RelationColumn(name, Merge(
            left.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))?.Flow ?? Flow.None,
            right.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))?.Flow ?? Flow.None)))];
    }

    /// <summary>
    /// The flow of a column two branches fill: both flows, and no longer a column's own values when one branch adds
    /// values of its own (a generated domain), so it cannot pass for a join key. Only ever grows, so fixed points exist.
    /// </summary>
    private static Flow Merge(Flow left, Flow right)
    {
        var merged = left.Union(right);
        var own = !left.IsEmpty && !right.IsEmpty && merged.Origins.All(o => o.Exact);
        return own ? merged : merged.Union(merged.Inexact());
    }

    private QueryResult Recursive(JsonObject node, AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        var name = Text(node["cte_name"]) ?? string.Empty;
        var aliases = Names(node["aliases"]);
        if (node["key_targets"] is JsonArray { Count: > 0 })
        {
            Refuse($"the recursive CTE {name} USING KEY is not modelled by the column rules");
        }

        var result = node["left"] is JsonObject l ? Query(l, parent, ctes) : QueryResult.Empty;
        if (node["right"] is not JsonObject r)
        {
            return result;
        }

        // The recursive part reads its own output: iterate until the flows stop growing. Flows only grow, over a finite
        // set of (column, mode) origins, so this ends, however many rounds a column takes to shift through the columns.
        var step = QueryResult.Empty;
        while (true)
        {
            var self = new Relation(name, result.Columns).Renamed(aliases);
            step = Query(r, parent, ctes.SetItem(name, self));
            var merged = ByPosition("the recursive CTE " + name, result.Columns, step.Columns);
            var conditions = result.Conditions.Union(step.Conditions);
            var grown = merged.Where((c, i) => !c.Flow.Origins.SetEquals(result.Columns[i].Flow.Origins)).Any()
                || !conditions.Origins.SetEquals(result.Conditions.Origins);
            result = new QueryResult(merged, conditions) { Correlated = result.Correlated || step.Correlated };
            if (!grown)
            {
                break;
            }
        }

        // How many rounds run is decided by the recursive part's conditions: over a constrained column, counting the
        // rows reads its values (`WHERE n < age` repeats each row age times).
        foreach (var origin in step.Conditions.Constrained.Where(o => !(o.Constraint == ColumnConstraint.JoinOnly && o.Mode == FlowMode.Join)).OrderBy(o => o.Describe(), StringComparer.Ordinal))
        {
            Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                + $"but the recursive CTE {name} repeats rows while a condition on it holds, so counting them reads it");
        }

        return result;
    }
}
