using System.Text.Json.Nodes;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    /// <summary>The flow of an expression's value; uses inside it (FILTER, PARTITION BY, subqueries) are checked on the way.</summary>
    private Flow Eval(JsonNode? node, ExpressionContext context)
    {
        if (node is not JsonObject expression)
        {
            return node is JsonArray array ? Flow.Union(array.Select(n => Eval(n, context))) : Flow.None;
        }

        // An expression equal to a GROUP BY key reaches the output once per group.
        if (context.Keys.Count > 0 && Text(expression["class"]) is not ("CONSTANT" or "COLUMN_REF" or null))
        {
            var canonical = Canonical(expression);
            if (context.Keys.Any(k => k.Canonical == canonical))
            {
                return EvalExpression(expression, context with { Keys = [] }).Keyed();
            }
        }

        return EvalExpression(expression, context);
    }

    private Flow EvalExpression(JsonObject expression, ExpressionContext context)
    {
        switch (Text(expression["class"]))
        {
            case "COLUMN_REF":
                return Column(expression, context);
            case "CONSTANT" or "PARAMETER" or "DEFAULT" or null:
                return Flow.None;
            case "FUNCTION":
                return Function(expression, context);
            case "WINDOW":
                return Window(expression, context);
            case "COMPARISON":
                var left = Eval(expression["left"], context);
                var right = Eval(expression["right"], context);
                var equality = Text(expression["type"]) is "COMPARE_EQUAL" or "COMPARE_NOT_DISTINCT_FROM";
                return equality && IsBareColumn(expression["left"]) && IsBareColumn(expression["right"])
                    ? left.Union(right).Joined()
                    : left.Union(right).Tested();
            case "BETWEEN":
                return Eval(expression["input"], context).Union(Eval(expression["lower"], context)).Union(Eval(expression["upper"], context)).Tested();
            case "OPERATOR":
                var operands = Eval(expression["children"], context);
                return Text(expression["type"]) is "COMPARE_IN" or "COMPARE_NOT_IN" or "OPERATOR_IS_NULL" or "OPERATOR_IS_NOT_NULL"
                    ? operands.Tested()
                    : operands;
            case "CASE":
                var checks = (expression["case_checks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                return Flow.Union(checks.Select(c => Eval(c["when_expr"], context).Tested()))
                    .Union(Flow.Union(checks.Select(c => Eval(c["then_expr"], context))))
                    .Union(Eval(expression["else_expr"], context));
            case "SUBQUERY":
                return Subquery(expression, context);
            case "STAR":
                return Flow.Union(Expand(expression, context.Scope).Select(c => c.Flow));
            case "LAMBDA":
                var parameters = new List<string>();
                CollectNames(expression["lhs"], parameters);
                return Eval(expression["expr"], context with { Lambdas = context.Lambdas.Union(parameters) });
            default:
                // CAST, COLLATE, CONJUNCTION and kinds not known here: whatever they contain flows through.
                return Flow.Union(expression.Where(p => p.Value is JsonObject or JsonArray).Select(p => Eval(p.Value, context)));
        }
    }

    private Flow Column(JsonObject expression, ExpressionContext context)
    {
        var parts = Names(expression["column_names"]);
        if (parts.Count == 0 || (parts.Count == 1 && context.Lambdas.Contains(parts[0])))
        {
            return Flow.None;
        }

        var flow = Resolve(parts, context.Scope);
        if (flow is null && parts.Count == 1 && context.Aliases.TryGetValue(parts[0], out var aliased))
        {
            // A select-list alias used in WHERE, GROUP BY or HAVING; removed while evaluated, so it cannot recurse.
            flow = Eval(aliased, context with { Aliases = context.Aliases.Remove(parts[0]) });
        }

        flow ??= Flow.None;
        foreach (var origin in flow.Origins.Where(o => o.Constraint == ColumnConstraint.Forbidden))
        {
            Refuse(Refusal(origin, context.Location));
        }

        return context.Keys.Any(k => k.ColumnFlow is { IsEmpty: false } key && key.SameColumns(flow) && !flow.IsEmpty)
            ? flow.Keyed()
            : flow;
    }

    /// <summary>
    /// The flow of a column reference: the nearest scope with a relation of that qualifier, or with a column
    /// of that name, decides; an ambiguous name yields every candidate. Null when nothing has that name.
    /// </summary>
    private static Flow? Resolve(IReadOnlyList<string> parts, AnalysisScope? start)
    {
        // qualifier.column, then schema.table.column; else the first part is a column (the rest are struct fields).
        var attempts = new List<(string? Qualifier, string Column)>();
        if (parts.Count >= 2)
        {
            attempts.Add((parts[0], parts[1]));
        }

        if (parts.Count >= 3)
        {
            attempts.Add((parts[1], parts[2]));
        }

        attempts.Add((null, parts[0]));
        foreach (var (qualifier, column) in attempts)
        {
            for (var scope = start; scope is not null; scope = scope.Parent)
            {
                var relations = qualifier is null ? scope.Relations : scope.Relations.Where(r => r.IsNamed(qualifier)).ToList();
                var found = relations.Select(r => r.Find(column)).OfType<RelationColumn>().ToList();
                if (found.Count > 0)
                {
                    return Flow.Union(found.Select(c => c.Flow));
                }

                if (qualifier is not null && relations.Count > 0)
                {
                    break;
                }
            }
        }

        return null;
    }

    private Flow Function(JsonObject expression, ExpressionContext context)
    {
        var name = Text(expression["function_name"]) ?? string.Empty;
        if (SqlFunctions.Summarizing.Contains(name))
        {
            // Inside an aggregate no expression is a group key: the values are summarized either way.
            var inner = context with { Keys = [] };
            if (expression["filter"] is JsonObject filter)
            {
                Check(Eval(filter, inner with { Location = "FILTER" }), UseKind.Filter, "FILTER");
            }

            return Eval(expression["children"], inner).Union(Eval(expression["order_bys"], inner)).Aggregated();
        }

        var flow = Eval(expression["children"], context)
            .Union(Eval(expression["order_bys"], context))
            .Union(Eval(expression["filter"], context));
        return SqlFunctions.Testing.Contains(name) ? flow.Tested() : flow;
    }

    private Flow Window(JsonObject expression, ExpressionContext context)
    {
        foreach (var partition in (expression["partitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Check(Eval(partition, context with { Location = "PARTITION BY" }), UseKind.Group, "PARTITION BY");
        }

        var ordered = false;
        foreach (var order in (expression["orders"] as JsonArray ?? []).OfType<JsonObject>())
        {
            ordered = true;
            Check(Eval(order["expression"], context with { Location = "window ORDER BY" }), UseKind.Output, "window ORDER BY");
        }

        if (expression["filter_expr"] is JsonObject filter)
        {
            Check(Eval(filter, context with { Location = "FILTER" }), UseKind.Filter, "FILTER");
        }

        var inputs = Eval(expression["children"], context)
            .Union(Eval(expression["offset_expr"], context))
            .Union(Eval(expression["default_expr"], context));

        // A whole-partition SUM/COUNT/AVG/MIN/MAX summarizes; a running one (ORDER BY) reveals each step.
        var name = Text(expression["function_name"]) ?? string.Empty;
        return SqlFunctions.Summarizing.Contains(name) && !ordered ? inputs.Aggregated() : inputs;
    }

    private Flow Subquery(JsonObject expression, ExpressionContext context)
    {
        if (expression["subquery"]?["node"] is not JsonObject node)
        {
            return Flow.None;
        }

        var result = Query(node, context.Scope, context.Scope.Ctes);
        var outputs = Flow.Union(result.Columns.Select(c => c.Flow));
        switch (Text(expression["subquery_type"]))
        {
            case "EXISTS" or "NOT_EXISTS":
                return result.Conditions.Tested();
            case "ANY" or "ALL":
                var child = Eval(expression["child"], context);

                // x IN (SELECT y FROM …) with two bare columns is a semi-join.
                var semiJoin = Text(expression["comparison_type"]) == "COMPARE_EQUAL"
                    && IsBareColumn(expression["child"])
                    && node["select_list"] is JsonArray { Count: 1 } list
                    && IsBareColumn(list[0]);
                var compared = child.Union(outputs);
                return (semiJoin ? compared.Joined() : compared.Tested()).Union(result.Conditions.Tested());
            default:
                return outputs;
        }
    }

    private static bool IsBareColumn(JsonNode? node) => node is JsonObject o && Text(o["class"]) switch
    {
        "COLUMN_REF" => true,
        "CAST" => IsBareColumn(o["child"]),
        _ => false,
    };

    private static void CollectNames(JsonNode? node, List<string> names)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectNames(item, names);
                }

                break;
            case JsonObject o when Text(o["class"]) == "COLUMN_REF":
                names.AddRange(Names(o["column_names"]).Take(1));
                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    CollectNames(child, names);
                }

                break;
        }
    }
}
