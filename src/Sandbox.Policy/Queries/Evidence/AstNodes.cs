using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>Small readers and builders of DuckDB's JSON AST nodes, shared by the evidence rewrite.</summary>
internal static class AstNodes
{
    public static string? Text(JsonNode? node) => StatementWalker.Text(node);

    public static string? Class(JsonNode? node) => Text(node?["class"]);

    public static bool IsTrue(JsonNode? node) => node?.GetValueKind() == JsonValueKind.True;

    /// <summary>A function call's lower-case name, or null when <paramref name="node"/> is not a function call.</summary>
    public static string? FunctionName(JsonNode? node) =>
        Class(node) == AstNames.Function ? Text(node!["function_name"])?.ToLowerInvariant() : null;

    public static JsonObject ColumnRef(string? qualifier, string column, string alias = "") => new()
    {
        ["class"] = AstNames.ColumnRef,
        ["type"] = AstNames.ColumnRef,
        ["alias"] = alias,
        ["query_location"] = 0,
        ["column_names"] = qualifier is null ? new JsonArray(column) : new JsonArray(qualifier, column),
    };

    public static JsonObject Zero() => new()
    {
        ["class"] = AstNames.Constant,
        ["type"] = AstNames.ValueConstant,
        ["alias"] = "",
        ["query_location"] = 0,
        ["value"] = new JsonObject { ["type"] = new JsonObject { ["id"] = AstNames.Integer, ["type_info"] = null }, ["is_null"] = false, ["value"] = 0 },
    };

    /// <summary>An INTEGER constant.</summary>
    public static JsonObject Integer(int value)
    {
        var constant = Zero();
        constant["value"]!["value"] = value;
        return constant;
    }

    /// <summary>NULL.</summary>
    public static JsonObject Null() => new()
    {
        ["class"] = AstNames.Constant,
        ["type"] = AstNames.ValueConstant,
        ["alias"] = "",
        ["query_location"] = 0,
        ["value"] = new JsonObject { ["type"] = new JsonObject { ["id"] = AstNames.Null, ["type_info"] = null }, ["is_null"] = true },
    };

    /// <summary><c>CASE WHEN when THEN then ELSE otherwise END</c>.</summary>
    public static JsonObject Case(JsonObject when, JsonObject then, JsonObject otherwise) => new()
    {
        ["class"] = AstNames.Case,
        ["type"] = AstNames.CaseExpr,
        ["alias"] = "",
        ["query_location"] = 0,
        ["case_checks"] = new JsonArray(new JsonObject { ["when_expr"] = when, ["then_expr"] = then }),
        ["else_expr"] = otherwise,
    };

    /// <summary><c>a AND b</c>; either may be null (then the other alone), not both.</summary>
    public static JsonObject And(JsonObject? a, JsonObject? b) => a is null ? b! : b is null ? a : new()
    {
        ["class"] = AstNames.Conjunction,
        ["type"] = AstNames.ConjunctionAnd,
        ["alias"] = "",
        ["query_location"] = 0,
        ["children"] = new JsonArray(a, b),
    };

    /// <summary><c>x IS NOT NULL</c>.</summary>
    public static JsonObject IsNotNull(JsonObject x) => new()
    {
        ["class"] = AstNames.Operator,
        ["type"] = AstNames.OperatorIsNotNull,
        ["alias"] = "",
        ["query_location"] = 0,
        ["children"] = new JsonArray(x),
    };

    /// <summary>A deep copy with its alias cleared, for use in another clause.</summary>
    public static JsonObject Unaliased(JsonNode node)
    {
        var copy = (JsonObject)node.DeepClone();
        copy["alias"] = "";
        return copy;
    }

    /// <summary>Every object in the tree under <paramref name="node"/>, itself first.</summary>
    public static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
        }
    }

    /// <summary>True when the expression reads no column (a literal, or a function of literals): the same for every row.</summary>
    public static bool IsConstant(JsonNode? node) =>
        !Descendants(node).Any(d => Class(d) is AstNames.ColumnRef or AstNames.Subquery or AstNames.Star or AstNames.Window || AggregateFunctions.Names.Contains(FunctionName(d) ?? ""));

    /// <summary>The group aggregate calls of an expression: aggregate functions outside window functions (a window's own arguments count).</summary>
    public static IEnumerable<JsonObject> AggregateCalls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when FunctionName(o) is { } name && AggregateFunctions.Names.Contains(name):
                yield return o;
                yield break;
            case JsonObject o when Class(o) == AstNames.Subquery:
                yield break; // a scalar subquery aggregates its own rows
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    foreach (var call in AggregateCalls(child))
                    {
                        yield return call;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var call in AggregateCalls(child))
                    {
                        yield return call;
                    }
                }

                break;
        }
    }

    public static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
