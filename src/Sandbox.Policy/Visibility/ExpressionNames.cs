using System.Text.Json.Nodes;
using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// The name DuckDB gives an unaliased select item: a column's own name, or else the expression as DuckDB prints it
/// (<c>lower("name")</c>, <c>count_star()</c>). Printed by DuckDB itself (<c>json_deserialize_sql</c>), so an outer
/// reference to <c>"lower(resident_id)"</c> binds to the item it means rather than to nothing.
/// </summary>
internal static class ExpressionNames
{
    public static string Of(JsonObject expression)
    {
        if (StatementWalker.Text(expression["class"]) == AstNames.ColumnRef && expression["column_names"] is JsonArray { Count: > 0 } parts)
        {
            return StatementWalker.Text(parts[^1]) ?? Unnamed;
        }

        var item = (JsonObject)expression.DeepClone();
        item["alias"] = string.Empty;
        var document = new JsonObject
        {
            ["error"] = false,
            ["statements"] = new JsonArray(new JsonObject
            {
                ["node"] = new JsonObject
                {
                    ["type"] = AstNames.SelectNode,
                    ["modifiers"] = new JsonArray(),
                    ["cte_map"] = new JsonObject { ["map"] = new JsonArray() },
                    ["select_list"] = new JsonArray(item),
                    ["from_table"] = new JsonObject { ["type"] = AstNames.Empty, ["alias"] = string.Empty, ["sample"] = null, ["query_location"] = 0 },
                    ["where_clause"] = null,
                    ["group_expressions"] = new JsonArray(),
                    ["group_sets"] = new JsonArray(),
                    ["aggregate_handling"] = AstNames.StandardHandling,
                    ["having"] = null,
                    ["sample"] = null,
                    ["qualify"] = null,
                },
                ["named_param_map"] = new JsonArray(),
            }),
        };
        try
        {
            const string Prefix = "SELECT ";
            var text = SqlAstCodec.Deserialize(document.ToJsonString());
            return text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : Unnamed;
        }
        catch (SqlParseException)
        {
            return Unnamed;
        }
    }

    /// <summary>A name no reference can spell: an item DuckDB cannot print is reachable only through <c>*</c>.</summary>
    public const string Unnamed = "\0unnamed";
}
