using System.Collections.Frozen;
using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    private static readonly string[] Common = ["class", "type", "alias", "query_location"];

    // The fields the analysis reads (or knows to be harmless) per expression class; a field it does not know that holds
    // anything is refused, so a clause a newer DuckDB adds to a known node cannot carry a column past the rules.
    private static readonly FrozenDictionary<string, FrozenSet<string>> ExpressionFields = new Dictionary<string, string>
    {
        [AstNames.ColumnRef] = "column_names",
        [AstNames.Constant] = "value",
        [AstNames.Function] = "function_name schema catalog children filter order_bys distinct is_operator export_state",
        [AstNames.Window] = "function_name schema catalog children partitions orders start end start_expr end_expr offset_expr default_expr ignore_nulls filter_expr exclude_clause distinct arg_orders",
        [AstNames.Comparison] = "left right",
        [AstNames.Conjunction] = "children",
        [AstNames.Operator] = "children",
        [AstNames.Case] = "case_checks else_expr",
        [AstNames.Cast] = "child cast_type try_cast",
        [AstNames.Collate] = "child collation",
        [AstNames.Between] = "input lower upper",
        [AstNames.Subquery] = "subquery subquery_type child comparison_type",
        [AstNames.Lambda] = "lhs expr",
        [AstNames.Star] = "relation_name exclude_list replace_list columns expr qualified_exclude_list rename_list unpacked",
    }.ToFrozenDictionary(p => p.Key, p => Common.Concat(p.Value.Split(' ')).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Refuses a kind the decision table does not model; true when it is modelled.</summary>
    private bool Decide(string family, string? kind, string location)
    {
        var decision = SyntaxDecisions.Of(family, kind);
        if (!decision.IsModelled)
        {
            Refuse($"{decision.Refusal} ({location})");
        }

        return decision.IsModelled;
    }

    /// <summary>Refuses an expression holding a field the analysis does not know; true when it holds none.</summary>
    private bool KnownFields(JsonObject expression, string cls, string location)
    {
        if (!ExpressionFields.TryGetValue(cls, out var known))
        {
            return true;
        }

        foreach (var (key, value) in expression)
        {
            if (!known.Contains(key) && !IsUnset(value))
            {
                Refuse($"the field {key} of a {cls} expression is not modelled by the column rules ({location})");
                return false;
            }
        }

        return true;
    }

    private static bool IsUnset(JsonNode? value) => value switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonObject obj => obj.Count == 0,
        JsonValue v when v.TryGetValue<bool>(out var flag) => !flag,
        JsonValue v when v.TryGetValue<string>(out var text) => text.Length == 0,
        _ => false,
    };
}
