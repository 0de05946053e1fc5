using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

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

        if (Text(expression["class"]) is null && Text(expression["type"]) == AstNames.OrderModifier)
        {
            // An aggregate's ORDER BY (string_agg(x, ',' ORDER BY y)): the order's expressions.
            return Flow.Union((expression["orders"] as JsonArray ?? []).OfType<JsonObject>().Select(o => Eval(o["expression"], context)));
        }

        // An expression equal to a GROUP BY key reaches the output once per group.
        if (context.Keys.Count > 0 && Text(expression["class"]) is not (AstNames.Constant or AstNames.ColumnRef or null))
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
        var cls = Text(expression["class"]);
        if (!Decide("expression", cls, context.Location) || !KnownFields(expression, cls!, context.Location))
        {
            return Flow.None;
        }

        switch (cls)
        {
            case AstNames.ColumnRef:
                return Column(expression, context);
            case AstNames.Constant:
                return Flow.None;
            case AstNames.Function:
                return Function(expression, context);
            case AstNames.Window:
                return Window(expression, context);
            case AstNames.Comparison:
                return Comparison(expression, context);
            case AstNames.Between:
                return Compare(context, Operand(expression["input"], context), Operand(expression["lower"], context), Operand(expression["upper"], context));
            case AstNames.Conjunction:
                // AND, OR: the outcome of tests stays a test.
                return Decide("conjunction", Text(expression["type"]), context.Location) ? Eval(expression["children"], context) : Flow.None;
            case AstNames.Operator:
                return Operator(expression, context);
            case AstNames.Case:
                var checks = (expression["case_checks"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                return Flow.Union(checks.Select(c => Eval(c["when_expr"], context).Tested()))
                    .Union(Flow.Union(checks.Select(c => Eval(c["then_expr"], context))))
                    .Union(Eval(expression["else_expr"], context))
                    .Inexact();
            case AstNames.Cast or AstNames.Collate:
                // A cast or collation keeps the values (and a test's outcome) as they are.
                return Eval(expression["child"], context);
            case AstNames.Subquery:
                return Subquery(expression, context);
            case AstNames.Lambda:
                // Outside a list function's lambda argument DuckDB reads `a -> b` as the JSON arrow: both sides are values.
                return Eval(expression["lhs"], context).Union(Eval(expression["expr"], context)).Computed();
            default:
                // STAR inside an expression (to_json(*), max(COLUMNS(*))) stands for columns one item cannot enumerate.
                Refuse($"{Describe(expression)} inside an expression stands for columns the analysis cannot enumerate ({context.Location})");
                return Flow.None;
        }
    }

    private Flow Comparison(JsonObject expression, ExpressionContext context)
    {
        var type = Text(expression["type"]);
        if (!Decide("comparison", type, context.Location))
        {
            return Flow.None;
        }

        var equality = type is AstNames.CompareEqual or AstNames.CompareNotDistinctFrom;
        if (equality && IsBareColumn(expression["left"]) && IsBareColumn(expression["right"]))
        {
            return JoinKeys(Eval(expression["left"], context), Eval(expression["right"], context), context.Location);
        }

        return Compare(context, Operand(expression["left"], context), Operand(expression["right"], context));
    }

    private Flow Operator(JsonObject expression, ExpressionContext context)
    {
        var type = Text(expression["type"]);
        if (!Decide("operator", type, context.Location))
        {
            return Flow.None;
        }

        var children = (expression["children"] as JsonArray ?? []).ToList();
        return type switch
        {
            AstNames.OperatorNot or AstNames.OperatorTry => Eval(expression["children"], context),
            AstNames.OperatorIsNull or AstNames.OperatorIsNotNull => Eval(expression["children"], context).Tested(),
            AstNames.CompareIn or AstNames.CompareNotIn => Compare(context, [.. children.Select(c => Operand(c, context))]),
            _ => Eval(expression["children"], context).Computed(),
        };
    }

    /// <summary>An operand of a comparison: its flow, and whether it is a constant (no column, subquery or window).</summary>
    private (Flow Flow, bool Constant) Operand(JsonNode? node, ExpressionContext context) => (Eval(node, context), IsConstant(node));

    /// <summary>
    /// A comparison's outcome. A compare-only column may be compared with constants only: compared with another
    /// column (a joined or generated domain of candidates) the matches would enumerate its values.
    /// </summary>
    private Flow Compare(ExpressionContext context, params (Flow Flow, bool Constant)[] operands)
    {
        for (var i = 0; i < operands.Length; i++)
        {
            var others = operands.Where((_, j) => j != i).ToList();
            if (others.All(o => o.Constant))
            {
                continue;
            }

            foreach (var origin in operands[i].Flow.Origins.Where(o => o.Constraint == ColumnConstraint.CompareOnly).OrderBy(o => o.Describe(), StringComparer.Ordinal))
            {
                Refuse($"column {origin.Describe()} is compare-only — {ColumnConstraints.Rule(origin.Constraint)} — "
                    + $"but {context.Location} compares it with another column or a generated domain, which enumerates its values");
            }
        }

        return Flow.Union(operands.Select(o => o.Flow)).Tested();
    }

    /// <summary>
    /// An equality of two columns: a join. A join-only column joins only to join-only columns of granted tables, taken
    /// as they are: joined to a generated domain, a constant-derived or a transformed column, the matches reveal it.
    /// </summary>
    private Flow JoinKeys(Flow left, Flow right, string location)
    {
        foreach (var (side, other) in new[] { (left, right), (right, left) })
        {
            var otherIsKey = !other.IsEmpty
                && other.Origins.All(o => o.Constraint == ColumnConstraint.JoinOnly && o.Exact && o.Mode == FlowMode.Value);
            if (otherIsKey)
            {
                continue;
            }

            var what = other.IsEmpty ? "a value no granted column gives (a generated domain)" : "something other than a join-only column of a granted table";
            foreach (var origin in side.Origins.Where(o => o.Constraint == ColumnConstraint.JoinOnly).OrderBy(o => o.Describe(), StringComparer.Ordinal))
            {
                Refuse($"column {origin.Describe()} is join-only — {ColumnConstraints.Rule(origin.Constraint)} — but {location} joins it to {what}");
            }
        }

        return left.Union(right).Joined();
    }

    private Flow Column(JsonObject expression, ExpressionContext context)
    {
        var parts = Names(expression["column_names"]);
        if (parts.Count == 0)
        {
            Refuse($"a column reference without a name cannot be resolved ({context.Location})");
            return Flow.None;
        }

        if (context.Lambdas.Contains(parts[0]))
        {
            // A lambda parameter (or a field of one): a list element, whose list flows into the function's result.
            return Flow.None;
        }

        var flow = Resolve(parts, context.Scope, out var home);
        if (flow is null && parts.Count == 1 && SqlFunctions.IsKeywordFunction(parts[0]))
        {
            // current_date, current_timestamp …: written without parentheses, bound by DuckDB as functions of nothing.
            return Flow.None;
        }

        for (var scope = context.Scope; home is not null && scope is not null && scope != home; scope = scope.Parent)
        {
            // A column of an enclosing query: every query between here and there is correlated.
            correlated.Add(scope);
        }

        if (flow is null && parts.Count == 1 && context.Aliases.TryGetValue(parts[0], out var aliased))
        {
            // A select-list alias used in WHERE, GROUP BY or HAVING; removed while evaluated, so it cannot recurse.
            flow = Eval(aliased, context with { Aliases = context.Aliases.Remove(parts[0]) });
        }

        var name = string.Join('.', parts);
        if (flow is null)
        {
            Refuse(parts.Count == 1 && NamesRelation(parts, context.Scope)
                ? $"{name} in {context.Location} names a relation: used as a value it carries its whole row"
                : $"the name {name} in {context.Location} does not resolve to a column the analysis can follow");
            return Flow.None;
        }

        foreach (var origin in flow.Origins.Where(o => o.Constraint == ColumnConstraint.Forbidden))
        {
            Refuse(Refusal(origin, context.Location, sql));
        }

        return context.Keys.Any(k => k.ColumnFlow is { IsEmpty: false } key && key.SameColumns(flow) && !flow.IsEmpty)
            ? flow.Keyed()
            : flow;
    }

    /// <summary>
    /// The flow of a column reference: the nearest scope with a relation of that qualifier, or with a column
    /// of that name, decides; an ambiguous name yields every candidate. Null when nothing has that name.
    /// </summary>
    private static Flow? Resolve(IReadOnlyList<string> parts, AnalysisScope? start, out AnalysisScope? home)
    {
        home = null;
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
                var found = relations.SelectMany(r => r.Find(column)).ToList();
                if (found.Count > 0)
                {
                    home = scope;
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

    private static bool NamesRelation(IReadOnlyList<string> parts, AnalysisScope? start)
    {
        for (var scope = start; scope is not null; scope = scope.Parent)
        {
            if (scope.Relations.Any(r => r.IsNamed(parts[0])))
            {
                return true;
            }
        }

        return false;
    }

    private Flow Subquery(JsonObject expression, ExpressionContext context)
    {
        var type = Text(expression["subquery_type"]);
        if (!Decide("subquery", type, context.Location) || expression["subquery"]?["node"] is not JsonObject node)
        {
            return Flow.None;
        }

        var result = Query(node, context.Scope, context.Scope.Ctes);
        CheckCorrelated(result, context.Location);
        var outputs = Flow.Union(result.Columns.Select(c => c.Flow));
        switch (type)
        {
            case AstNames.Exists or AstNames.NotExists:
                return result.Conditions.Tested();
            case AstNames.Any:
                // x IN (SELECT y FROM …) with two bare columns is a semi-join; otherwise a comparison with a domain.
                var semiJoin = Text(expression["comparison_type"]) == AstNames.CompareEqual
                    && IsBareColumn(expression["child"])
                    && node["select_list"] is JsonArray { Count: 1 } list
                    && IsBareColumn(list[0]);
                var child = Eval(expression["child"], context);
                var compared = semiJoin
                    ? JoinKeys(child, outputs, context.Location)
                    : Compare(context, (child, IsConstant(expression["child"])), (outputs, false));
                return compared.Union(result.Conditions.Tested());
            default:
                return outputs;
        }
    }

    private static bool IsBareColumn(JsonNode? node) => node is JsonObject o && Text(o["class"]) switch
    {
        AstNames.ColumnRef => true,
        AstNames.Cast => IsBareColumn(o["child"]),
        _ => false,
    };

    /// <summary>True for an expression of constants only: no column, subquery, window, parameter or per-row function.</summary>
    private static bool IsConstant(JsonNode? node) => node switch
    {
        null => true,
        JsonArray array => array.All(IsConstant),
        JsonObject o when Text(o["class"]) is AstNames.Constant => true,
        JsonObject o when Text(o["class"]) is AstNames.ColumnRef && o["column_names"] is JsonArray { Count: 1 } names && SqlFunctions.IsKeywordFunction(Text(names[0]) ?? string.Empty) => true,
        JsonObject o when Text(o["class"]) is AstNames.ColumnRef or AstNames.Subquery or AstNames.Window or AstNames.Star or AstNames.Lambda or AstNames.Parameter or AstNames.PositionalReference => false,
        JsonObject o when Text(o["class"]) == AstNames.Function && SqlFunctions.KindOf(Text(o["function_name"]) ?? string.Empty) is not (FunctionKind.Scalar or FunctionKind.Testing) => false,
        JsonObject o => o.All(p => IsConstant(p.Value)),
        _ => true,
    };

    private static string Describe(JsonObject expression) =>
        Text(expression["class"]) == AstNames.Star && expression["columns"]?.GetValue<bool>() == true ? "COLUMNS(…)" : "*";

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
            case JsonObject o when Text(o["class"]) == AstNames.ColumnRef:
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
