using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// Finds the subject columns under a query's FROM clause and carries them up out of CTEs and subqueries, by
/// appending them to the select lists of those that keep one output row per input row (no aggregate, GROUP BY or
/// DISTINCT). Edits the AST in place; anything it cannot carry through is a problem named by construct.
/// </summary>
internal sealed class SubjectSources(IReadOnlyDictionary<string, string> subjects)
{
    private const string CarriedPrefix = "__subject_";

    private readonly Dictionary<JsonObject, List<SubjectSource>> _threadedCtes = new(ReferenceEqualityComparer.Instance);
    private int _carried;

    /// <summary>Collects the subject sources of <paramref name="node"/>'s FROM clause; returns a problem, or null.</summary>
    public string? Collect(JsonObject node, Dictionary<string, JsonObject> ctes, List<SubjectSource> found)
    {
        var scope = new Dictionary<string, JsonObject>(ctes, StringComparer.OrdinalIgnoreCase);
        foreach (var entry in node["cte_map"]?["map"] as JsonArray ?? [])
        {
            if (AstNodes.Text(entry?["key"]) is { } name && entry!["value"]?["query"]?["node"] is JsonObject body)
            {
                scope[name] = body;
            }
        }

        return From(node["from_table"] as JsonObject, scope, found);
    }

    private string? From(JsonObject? from, Dictionary<string, JsonObject> ctes, List<SubjectSource> found)
    {
        switch (AstNodes.Text(from?["type"]))
        {
            case AstNames.BaseTable:
                return Table(from!, ctes, found);
            case AstNames.Join:
                return From(from!["left"] as JsonObject, ctes, found) ?? From(from["right"] as JsonObject, ctes, found);
            case AstNames.Subquery:
                string? alias = AstNodes.Text(from!["alias"]) is { Length: > 0 } a ? a : null;
                return from["subquery"]?["node"] is JsonObject body
                    ? Carry(body, alias, "a subquery in FROM", ctes, found)
                    : "a subquery in FROM could not be read";
            case null or AstNames.Empty:
                return null;
            default:
                return $"the FROM clause has a {AstNodes.Text(from!["type"])!.ToLowerInvariant().Replace('_', ' ')} (a table function or similar), whose subjects are unknown";
        }
    }

    private string? Table(JsonObject from, Dictionary<string, JsonObject> ctes, List<SubjectSource> found)
    {
        string table = AstNodes.Text(from["table_name"]) ?? "";
        string alias = AstNodes.Text(from["alias"]) ?? "";
        string qualifier = alias.Length > 0 ? alias : table;
        if (AstNodes.Text(from["schema_name"]) is not { Length: > 0 } && ctes.TryGetValue(table, out var cte))
        {
            if (_threadedCtes.TryGetValue(cte, out var carried))
            {
                found.AddRange(carried.Select(s => s with { Qualifier = qualifier }));
                return null;
            }

            var inner = new List<SubjectSource>();
            // A CTE body sees the CTEs declared before it, not itself.
            var visible = new Dictionary<string, JsonObject>(ctes, StringComparer.OrdinalIgnoreCase);
            visible.Remove(table);
            string? problem = Carry(cte, qualifier, $"the CTE {table}", visible, inner);
            _threadedCtes[cte] = inner;
            found.AddRange(inner);
            return problem;
        }

        if (!subjects.TryGetValue(table, out var column))
        {
            return null;
        }

        if (from["column_name_alias"] is JsonArray { Count: > 0 })
        {
            return $"the table {table} is read with renamed columns";
        }

        found.Add(new SubjectSource(qualifier, column, $"{table}.{column}"));
        return null;
    }

    /// <summary>Carries the subjects of a derived table's body up to its outer name by appending them to its select list.</summary>
    private string? Carry(JsonObject body, string? outerName, string construct, Dictionary<string, JsonObject> ctes, List<SubjectSource> found)
    {
        var inner = new List<SubjectSource>();
        if (AstNodes.Text(body["type"]) != AstNames.SelectNode)
        {
            return $"{construct} is a set operation (UNION, EXCEPT, INTERSECT); which subjects its rows rest on is not traced";
        }

        if (!KeepsRows(body))
        {
            return $"{construct} aggregates (GROUP BY, an aggregate function or DISTINCT); evidence is computed only where subjects can be traced row by row";
        }

        if (Collect(body, ctes, inner) is { } problem)
        {
            return problem;
        }

        var list = body["select_list"] as JsonArray ?? [];
        foreach (var source in inner)
        {
            string name = CarriedPrefix + _carried++;
            list.Add((JsonNode)AstNodes.ColumnRef(source.Qualifier, source.Column, name));
            found.Add(new SubjectSource(outerName, name, source.Label));
        }

        return null;
    }

    /// <summary>True when the query yields one row per row of its FROM clause.</summary>
    public static bool KeepsRows(JsonObject node) =>
        node["group_expressions"] is not JsonArray { Count: > 0 }
        && AstNodes.Text(node["aggregate_handling"]) != AstNames.ForceAggregates
        && node["having"] is null
        && !AstNodes.AggregateCalls(node["select_list"]).Any()
        && !(node["modifiers"] as JsonArray ?? []).Any(m => AstNodes.Text(m?["type"]) == AstNames.DistinctModifier);
}
