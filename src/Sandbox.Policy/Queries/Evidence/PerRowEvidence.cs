using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// Evidence without the per-subject grouping, for the statements where every row read is already one subject of one
/// group: a single table, known to hold each subject once (no NULL subject, none twice — measured on the masked data
/// when it was materialized), read without joins, CTEs, subqueries in FROM, windows or grouping sets. Each aggregate
/// call then becomes its value over that one row (<c>count(*) FILTER (WHERE f)</c> → <c>CASE WHEN f THEN 1 ELSE 0
/// END</c>, <c>sum(x)</c> → <c>x</c>, …), which is what grouping by the subject would compute, without a hash table of
/// every subject. Any other shape keeps the grouping.
/// </summary>
internal static class PerRowEvidence
{
    private static readonly HashSet<string> Counts = new(StringComparer.Ordinal) { "count", "count_star" };
    private static readonly HashSet<string> CountIfs = new(StringComparer.Ordinal) { "count_if", "countif" };
    private static readonly HashSet<string> Values = new(StringComparer.Ordinal)
    {
        "sum", "fsum", "sum_no_overflow", "kahan_sum", "sumkahan", "avg", "mean", "favg", "min", "max",
    };

    /// <summary>Whether <paramref name="node"/> qualifies, reading the table named by its only <paramref name="sources"/> entry.</summary>
    public static bool Applies(JsonObject node, IReadOnlyList<SubjectSource> sources, IReadOnlySet<string>? uniqueSubjects)
    {
        if (uniqueSubjects is null || sources.Count != 1) return false;
        if (node["cte_map"]?["map"] is JsonArray { Count: > 0 } || node["sample"] is JsonObject) return false;
        if (node["from_table"] is not JsonObject from || AstNodes.Text(from["type"]) != AstNames.BaseTable || from["sample"] is JsonObject) return false;
        var table = AstNodes.Text(from["table_name"]) ?? "";
        if (!uniqueSubjects.Contains(table) || !string.Equals(sources[0].Label.Split('.')[0], table, StringComparison.OrdinalIgnoreCase)) return false;
        if (node["group_sets"] is JsonArray { Count: > 1 }) return false;
        var list = node["select_list"] as JsonArray ?? [];
        if (list.Any(i => AstNodes.Descendants(i).Any(d => AstNodes.Class(d) is AstNames.Window or AstNames.Subquery))) return false;
        return AstNodes.AggregateCalls(list).All(Convertible);
    }

    private static bool Convertible(JsonObject call)
    {
        var name = AstNodes.FunctionName(call) ?? "";
        var children = call["children"] as JsonArray ?? [];
        return (name == "count_star" && children.Count == 0)
            || ((Counts.Contains(name) || CountIfs.Contains(name) || Values.Contains(name)) && children.Count == 1);
    }

    /// <summary>The value of aggregate <paramref name="call"/> over one row (see <see cref="Applies"/> for the calls it takes).</summary>
    public static JsonObject Of(JsonObject call)
    {
        var name = AstNodes.FunctionName(call) ?? "";
        var children = call["children"] as JsonArray ?? [];
        var filter = call["filter"] is JsonObject f ? (JsonObject)f.DeepClone() : null;
        var argument = children.Count == 1 ? (JsonObject)children[0]!.DeepClone() : null;
        JsonObject value;
        if (name == "count_star" || (name == "count" && argument is null))
        {
            value = filter is null ? AstNodes.Integer(1) : AstNodes.Case(filter, AstNodes.Integer(1), AstNodes.Integer(0));
        }
        else if (Counts.Contains(name))
        {
            value = AstNodes.Case(AstNodes.And(filter, AstNodes.IsNotNull(argument!)), AstNodes.Integer(1), AstNodes.Integer(0));
        }
        else if (CountIfs.Contains(name))
        {
            value = AstNodes.Case(AstNodes.And(filter, argument), AstNodes.Integer(1), AstNodes.Integer(0));
        }
        else if (Values.Contains(name) && argument is not null)
        {
            value = filter is null ? argument : AstNodes.Case(filter, argument, AstNodes.Null());
        }
        else
        {
            throw new InvalidOperationException($"{name}: not an aggregate taken per row");
        }

        value["alias"] = call["alias"]?.DeepClone() ?? "";
        return value;
    }
}
