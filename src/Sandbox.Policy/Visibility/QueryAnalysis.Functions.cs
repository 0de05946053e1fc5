using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    private Flow Function(JsonObject expression, ExpressionContext context)
    {
        var name = Text(expression["function_name"]) ?? string.Empty;
        var schema = Text(expression["schema"]);
        if (schema is { Length: > 0 } && !string.Equals(schema, "main", StringComparison.OrdinalIgnoreCase))
        {
            Refuse($"function {schema}.{name} is not modelled by the column rules ({context.Location})");
            return Flow.None;
        }

        if (SqlFunctions.KindOf(name) is not { } kind || expression["export_state"]?.GetValue<bool>() == true)
        {
            Refuse($"function {name} is not modelled by the column rules ({context.Location})");
            return Flow.None;
        }

        var arguments = (expression["children"] as JsonArray ?? []).ToList();
        switch (kind)
        {
            case FunctionKind.Summarizing:
                return Summarized(expression, name, arguments.Count, context);
            case FunctionKind.Testing:
                return Compare(context, [.. arguments.Select(a => Operand(a, context))]);
            case FunctionKind.Lambda:
                return Flow.Union(arguments.Select(a => LambdaArgument(a, context))).Computed();
            case FunctionKind.RowMultiplying:
                var repeated = Eval(expression["children"], context);
                foreach (var origin in repeated.Constrained.OrderBy(o => o.Describe(), StringComparer.Ordinal))
                {
                    Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                        + $"but {name} in {context.Location} repeats rows by its value, so counting them reads it");
                }

                return repeated.Computed();
            case FunctionKind.PerRow:
                return Eval(expression["children"], context).Computed().Union(Flow.Of(Origin.PerRow("(function)", name + "()")));
            default:
                // Scalar functions and revealing aggregates: the result is computed from (or is) the values.
                return Eval(expression["children"], context)
                    .Union(Eval(expression["order_bys"], context))
                    .Union(Eval(expression["filter"], context))
                    .Computed();
        }
    }

    /// <summary>COUNT, SUM, AVG, MIN, MAX: a summary of the group, unless the groups hold a row each or it returns several values.</summary>
    private Flow Summarized(JsonObject expression, string name, int arity, ExpressionContext context)
    {
        // Inside an aggregate no expression is a group key: the values are summarized either way.
        var inner = context with { Keys = [] };
        var filtered = Flow.None;
        if (expression["filter"] is JsonObject filter)
        {
            filtered = Eval(filter, inner with { Location = AstNames.Filter });
            Check(filtered, UseKind.Filter, AstNames.Filter);
        }

        var inputs = Eval(expression["children"], inner).Union(Eval(expression["order_bys"], inner));
        PerRowPick(inputs, filtered, name, context.Location);
        var single = name.StartsWith("count", StringComparison.OrdinalIgnoreCase) ? arity <= 1 : arity == 1;
        if (!single)
        {
            // max(x, n) returns the n largest values themselves.
            foreach (var origin in inputs.Constrained.OrderBy(o => o.Describe(), StringComparer.Ordinal))
            {
                Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                    + $"but {name} with {arity} arguments in {context.Location} returns several of its values");
            }

            return inputs.Computed();
        }

        if (context.PerRowGroups is { } why)
        {
            foreach (var origin in inputs.Constrained.OrderBy(o => o.Describe(), StringComparer.Ordinal))
            {
                Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                    + $"but {context.Location} summarizes it in groups of one row ({why})");
            }
        }

        return inputs.Aggregated();
    }

    /// <summary>
    /// An aggregate whose argument or FILTER tests a per-row value (<c>sum(case when rowid = 3 then income end)</c>,
    /// <c>FILTER (WHERE rowid = 3)</c>) picks single rows: it summarizes no group, so it may not read a constrained column.
    /// </summary>
    private void PerRowPick(Flow inputs, Flow filter, string name, string location)
    {
        var pick = inputs.Union(filter).Origins.FirstOrDefault(o => o.RowIdentity);
        if (pick is null)
        {
            return;
        }

        foreach (var origin in inputs.Constrained.OrderBy(o => o.Describe(), StringComparer.Ordinal))
        {
            Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                + $"but {name} in {location} picks single rows by {pick.Column}");
        }
    }

    /// <summary>An argument of a list function: a lambda's parameters are list elements; anything else is a value.</summary>
    private Flow LambdaArgument(JsonNode? argument, ExpressionContext context)
    {
        if (argument is JsonObject lambda && Text(lambda["class"]) == AstNames.Lambda && IsParameterList(lambda["lhs"]))
        {
            var parameters = new List<string>();
            CollectNames(lambda["lhs"], parameters);
            return Eval(lambda["expr"], context with { Lambdas = context.Lambdas.Union(parameters) });
        }

        return Eval(argument, context);
    }

    /// <summary>A lambda's left side: one bare name, or a row of them (<c>(x, i) -&gt; …</c>); anything else is the JSON arrow.</summary>
    private static bool IsParameterList(JsonNode? lhs) => lhs is JsonObject o && Text(o["class"]) switch
    {
        AstNames.ColumnRef => o["column_names"] is JsonArray { Count: 1 },
        AstNames.Function => Text(o["function_name"]) == "row" && (o["children"] as JsonArray ?? []).All(IsParameterList),
        _ => false,
    };

    private Flow Window(JsonObject expression, ExpressionContext context)
    {
        var type = Text(expression["type"]);
        if (!Decide("window", type, context.Location))
        {
            return Flow.None;
        }

        var partitions = Flow.None;
        foreach (var partition in (expression["partitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var flow = Eval(partition, context with { Location = "PARTITION BY" });
            Check(flow, UseKind.Group, "PARTITION BY");
            partitions = partitions.Union(flow);
        }

        var orders = (expression["orders"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat((expression["arg_orders"] as JsonArray ?? []).OfType<JsonObject>()).ToList();
        foreach (var order in orders)
        {
            Check(Eval(order["expression"], context with { Location = "window ORDER BY" }), UseKind.Output, "window ORDER BY");
        }

        foreach (var bound in new[] { "start_expr", "end_expr" })
        {
            if (expression[bound] is JsonObject frame)
            {
                Check(Eval(frame, context with { Location = "window frame" }), UseKind.Output, "window frame");
            }
        }

        if (expression["filter_expr"] is JsonObject filter)
        {
            Check(Eval(filter, context with { Location = AstNames.Filter }), UseKind.Filter, AstNames.Filter);
        }

        var inputs = Eval(expression["children"], context)
            .Union(Eval(expression["offset_expr"], context))
            .Union(Eval(expression["default_expr"], context));
        var name = Text(expression["function_name"]) ?? string.Empty;
        PerRowPick(inputs, expression["filter_expr"] is JsonObject picked ? Eval(picked, context) : Flow.None, name, context.Location);
        switch (type)
        {
            case AstNames.WindowAggregate:
                var kind = SqlFunctions.KindOf(name);
                if (kind is null)
                {
                    Refuse($"window function {name} is not modelled by the column rules ({context.Location})");
                    return Flow.None;
                }

                var arity = (expression["children"] as JsonArray ?? []).Count;
                var single = name.StartsWith("count", StringComparison.OrdinalIgnoreCase) ? arity <= 1 : arity == 1;
                if (kind != FunctionKind.Summarizing || !single)
                {
                    return inputs.Computed();
                }

                // Only a whole-partition summary over partitions that are not single rows summarizes; a running or
                // one-row frame (or a partition per row) reveals each value.
                if (orders.Count == 0 && WholePartition(expression) && !partitions.HasRowIdentity)
                {
                    return inputs.Aggregated();
                }

                foreach (var origin in inputs.Constrained.OrderBy(o => o.Describe(), StringComparer.Ordinal))
                {
                    Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                        + $"but {name} over a window in {context.Location} is not a summary of a whole partition of many rows "
                        + "(an ordered, framed or per-row window shows values one by one)");
                }

                return inputs.Computed();
            case AstNames.WindowRowNumber or AstNames.WindowRank or AstNames.WindowRankDense or AstNames.WindowNtile or AstNames.WindowPercentRank or AstNames.WindowCumeDist:
                return inputs.Computed().Union(Flow.Of(Origin.PerRow("(window)", name + "()")));
            default:
                return inputs.Computed();
        }
    }

    private static bool WholePartition(JsonObject window) =>
        Text(window["start"]) is null or AstNames.UnboundedPreceding
        && Text(window["end"]) is null or AstNames.CurrentRowRange or AstNames.UnboundedFollowing
        && Text(window["exclude_clause"]) is null or AstNames.NoOther
        && window["start_expr"] is null
        && window["end_expr"] is null;
}
