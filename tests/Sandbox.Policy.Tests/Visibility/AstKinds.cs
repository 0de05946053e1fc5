using System.Text.Json.Nodes;
using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>The (family, kind) pairs of a statement's AST, classified as the column rules' decision table names them.</summary>
internal static class AstKinds
{
    private static readonly HashSet<string> FromKinds = ["BASE_TABLE", "SUBQUERY", "JOIN", "EXPRESSION_LIST", "EMPTY", "EMPTY_FROM", "TABLE_FUNCTION", "PIVOT", "SHOW_REF", "COLUMN_DATA", "DELIM_GET", "BOUND_TABLE_REF"];

    public static HashSet<(string Family, string Kind)> Of(SqlStatement statement)
    {
        var kinds = new HashSet<(string, string)>();
        Walk(statement.Ast, kinds);
        return kinds;
    }

    private static void Walk(JsonNode? node, HashSet<(string, string)> kinds)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Walk(item, kinds);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        var cls = Text(obj["class"]);
        var type = Text(obj["type"]);
        if (cls is not null)
        {
            kinds.Add(("expression", cls));
            switch (cls)
            {
                case "COMPARISON" or "CONJUNCTION" or "OPERATOR" or "WINDOW":
                    kinds.Add((cls.ToLowerInvariant(), type!));
                    break;
                case "SUBQUERY":
                    kinds.Add(("subquery", Text(obj["subquery_type"])!));
                    break;
            }
        }
        else if (type is not null && type.EndsWith("_NODE", StringComparison.Ordinal))
        {
            kinds.Add(("query", type));
            if (Text(obj["setop_type"]) is { } setop)
            {
                kinds.Add(("setop", setop));
            }
        }
        else if (type is not null && type.EndsWith("_MODIFIER", StringComparison.Ordinal))
        {
            kinds.Add(("modifier", type));
        }
        else if (type is not null && FromKinds.Contains(type) && obj.ContainsKey("alias"))
        {
            kinds.Add(("from", type));
            if (type == "JOIN")
            {
                kinds.Add(("join", Text(obj["join_type"])!));
                kinds.Add(("joinref", Text(obj["ref_type"])!));
            }
        }

        foreach (var (_, child) in obj)
        {
            Walk(child, kinds);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
