using System.Text.Json.Nodes;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Governance.Supervision;

/// <summary>
/// Compares two statements on DuckDB's AST (<c>json_serialize_sql</c>, source positions removed) and tells whether
/// they differ by exactly one WHERE comparison constant or one extra WHERE conjunct: the two halves of a
/// differencing attack, whose results subtracted single out a few rows.
/// </summary>
internal static class QueryDifference
{
    private const string Other = "other";

    /// <summary>How the two ASTs differ when that difference is one filter; null when equal or different otherwise.</summary>
    public static string? Compare(string astA, string astB)
    {
        var differences = new List<string>();
        Diff(Normalize(JsonNode.Parse(astA)), Normalize(JsonNode.Parse(astB)), inWhere: false, differences);
        return differences is [var only] && only != Other ? only : null;
    }

    private static void Diff(JsonNode? a, JsonNode? b, bool inWhere, List<string> differences)
    {
        if (JsonNode.DeepEquals(a, b)) return;
        switch (a, b)
        {
            case (JsonObject x, JsonObject y) when inWhere && Class(x) == AstNames.Constant && Class(y) == AstNames.Constant:
                differences.Add($"one WHERE constant ({Constant(x)} vs {Constant(y)})");
                return;
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    if (key == "where_clause") DiffWhere(x[key], y[key], differences);
                    else Diff(x[key], y[key], inWhere, differences);
                }

                return;
            case (JsonArray x, JsonArray y) when x.Count == y.Count:
                for (var i = 0; i < x.Count; i++) Diff(x[i], y[i], inWhere, differences);
                return;
            default:
                differences.Add(Other);
                return;
        }
    }

    /// <summary>WHERE clauses compare as lists of AND-ed conjuncts.</summary>
    private static void DiffWhere(JsonNode? a, JsonNode? b, List<string> differences)
    {
        var (x, y) = (Conjuncts(a), Conjuncts(b));
        if (x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++) Diff(x[i], y[i], inWhere: true, differences);
            return;
        }

        var (shorter, longer) = x.Count < y.Count ? (x, y) : (y, x);
        var rest = longer.Select(n => n.ToJsonString()).ToList();
        var contained = shorter.All(n => rest.Remove(n.ToJsonString()));
        differences.Add(contained && rest.Count == 1 ? "one extra WHERE conjunct" : Other);
    }

    private static List<JsonNode> Conjuncts(JsonNode? where) => where switch
    {
        null => [],
        JsonObject o when Class(o) == AstNames.Conjunction && (string?)o["type"] == AstNames.ConjunctionAnd && o["children"] is JsonArray children =>
            [.. children.OfType<JsonNode>()],
        _ => [where],
    };

    private static string? Class(JsonObject node) => node["class"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Constant(JsonObject node) => node["value"]?["value"]?.ToJsonString() ?? "null";

    /// <summary>Removes <c>query_location</c> (source offsets) everywhere, so equal queries compare equal.</summary>
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("query_location");
                foreach (var (_, child) in o.ToList()) Normalize(child);
                break;
            case JsonArray a:
                foreach (var child in a) Normalize(child);
                break;
        }

        return node;
    }
}
