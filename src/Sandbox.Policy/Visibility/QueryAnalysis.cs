using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// Derives, for every expression of a statement, the base columns its value comes from and how (value,
/// group key, test, join, aggregate), through joins, subqueries, CTEs and set operations; and checks each
/// use against the columns' constraints. Collects every refusal.
/// </summary>
internal sealed partial class QueryAnalysis
{
    private readonly Func<string, IReadOnlyList<ConstrainedColumn>?> tableColumns;
    private readonly List<string> reasons = [];

    // Scopes whose query refers to a column of an enclosing query (a correlated subquery).
    private readonly HashSet<AnalysisScope> correlated = [];

    // The statement's own query: its output is checked as output, so cutting its rows reveals nothing more.
    private JsonObject? outermost;

    // The statement's text, for pointing refusals at their place in it.
    private readonly string? sql;

    public QueryAnalysis(Func<string, IReadOnlyList<ConstrainedColumn>?> tableColumns, string? sql = null)
    {
        this.tableColumns = tableColumns;
        this.sql = sql;
    }

    public IReadOnlyList<string> Reasons => reasons;

    /// <summary>Analyzes the statement: every output column of the outermost query must be revealable.</summary>
    public void AnalyzeStatement(JsonObject node)
    {
        outermost = node;
        var result = Query(node, parent: null, AnalysisScope.NoCtes);
        foreach (var column in result.Columns)
        {
            Check(column.Flow, UseKind.Output, $"output column '{column.Name}'");
        }
    }

    private QueryResult Query(JsonObject node, AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        var type = Text(node["type"]);
        if (!Decide("query", type, "a query"))
        {
            return QueryResult.Empty;
        }

        ctes = DeclareCtes(node, parent, ctes);
        return type switch
        {
            AstNames.SelectNode => Select(node, parent, ctes),
            AstNames.SetOperationNode => SetOperation(node, parent, ctes),
            _ => Recursive(node, parent, ctes),
        };
    }

    private ImmutableDictionary<string, Relation> DeclareCtes(JsonObject node, AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        foreach (var entry in (node["cte_map"]?["map"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(entry["key"]) is not { } name || entry["value"]?["query"]?["node"] is not JsonObject body)
            {
                continue;
            }

            var result = Query(body, parent, ctes);
            ctes = ctes.SetItem(name, new Relation(name, result.Columns).Renamed(Names(entry["value"]?["aliases"])));
        }

        return ctes;
    }

    private QueryResult Select(JsonObject node, AnalysisScope? parent, ImmutableDictionary<string, Relation> ctes)
    {
        var scope = new AnalysisScope(parent, ctes);

        // 1. FROM: relations, and join conditions checked as filters.
        var conditions = node["from_table"] is JsonObject from ? From(from, scope) : Flow.None;

        // 2. The select list, with * expanded; aliases are fallbacks for names in WHERE, GROUP BY and HAVING.
        var items = SelectItems(node, scope);
        var aliases = items.Where(i => i.Expression is not null && i.Alias is not null)
            .GroupBy(i => i.Alias!, StringComparer.OrdinalIgnoreCase)
            .ToImmutableDictionary(g => g.Key, g => g.First().Expression!, StringComparer.OrdinalIgnoreCase);
        ExpressionContext At(string location, IReadOnlyList<GroupKey> keys) =>
            ExpressionContext.In(scope, location) with { Keys = keys, Aliases = aliases };

        // 3. WHERE.
        if (node["where_clause"] is JsonObject where)
        {
            var flow = Eval(where, At(AstNames.Where, []));
            Check(flow, UseKind.Filter, AstNames.Where);
            conditions = conditions.Union(flow.Tested());
        }

        // A filter on a per-row value (WHERE rowid = 5) leaves groups of one row, like a group key of it.
        var filteredPerRow = conditions.Origins.Where(o => o.RowIdentity).Select(o => $"a filter on {o.Column}").FirstOrDefault();

        // 4. Grouping keys: GROUP BY (ordinals and aliases mean select items), GROUP BY ALL, DISTINCT. A key that
        //    differs row by row (rowid, row_number(), random()) makes every group one row: no aggregate summarizes.
        var keys = GroupKeys(node, items, At("GROUP BY", []));
        var perRow = keys.Where(k => k.KeyFlow.HasRowIdentity)
            .SelectMany(k => k.KeyFlow.Origins.Where(o => o.RowIdentity))
            .Select(o => $"a group key of {o.Column}")
            .FirstOrDefault() ?? filteredPerRow;
        ExpressionContext Keyed(string location) => At(location, keys) with { PerRowGroups = perRow };

        // 5. The select list, each item evaluated knowing the keys.
        var columns = items
            .Select(i => new RelationColumn(i.Name, i.Expression is { } e ? Eval(e, Keyed("the select list")) : KeyedIfKey(i.Expanded!, keys)))
            .ToList();

        // 6. HAVING and QUALIFY filter groups and windows.
        foreach (var (clause, location) in new[] { ("having", AstNames.Having), ("qualify", AstNames.Qualify) })
        {
            if (node[clause] is JsonObject filter)
            {
                var flow = Eval(filter, Keyed(location));
                Check(flow, UseKind.Filter, location);
                conditions = conditions.Union(flow.Tested());
            }
        }

        // 7. ORDER BY reveals ranks; LIMIT is a constant in practice but is checked like output.
        Modifiers(node, columns, Keyed("ORDER BY"));
        CheckFewRows(node, columns);
        return new QueryResult(columns, conditions) { Correlated = correlated.Contains(scope) };
    }

    private void Modifiers(JsonObject node, IReadOnlyList<RelationColumn> columns, ExpressionContext context)
    {
        foreach (var modifier in (node["modifiers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!Decide("modifier", Text(modifier["type"]), "a query's modifiers"))
            {
                continue;
            }

            switch (Text(modifier["type"]))
            {
                case AstNames.OrderModifier:
                    foreach (var order in (modifier["orders"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        if (order["expression"] is JsonObject all && Text(all["class"]) == AstNames.Star && string.IsNullOrEmpty(Text(all["relation_name"])) && all["expr"] is null)
                        {
                            // ORDER BY ALL orders by every output column.
                            Check(Flow.Union(columns.Select(c => c.Flow)), UseKind.Output, "ORDER BY");
                        }
                        else if (order["expression"] is JsonObject expression)
                        {
                            Check(SelectReference(expression, columns) ?? Eval(expression, context), UseKind.Output, "ORDER BY");
                        }
                    }

                    break;
                case AstNames.LimitModifier or AstNames.LimitPercentModifier:
                    foreach (var key in new[] { "limit", "offset" })
                    {
                        if (modifier[key] is JsonObject expression)
                        {
                            Check(Eval(expression, context with { Location = AstNames.Limit }), UseKind.Output, AstNames.Limit);
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>A select item named in ORDER BY by its position or alias (both bind to the select list first).</summary>
    private static Flow? SelectReference(JsonObject expression, IReadOnlyList<RelationColumn> columns)
    {
        if (Ordinal(expression) is { } ordinal)
        {
            return ordinal >= 1 && ordinal <= columns.Count ? columns[ordinal - 1].Flow : null;
        }

        return Text(expression["class"]) == AstNames.ColumnRef
            && expression["column_names"] is JsonArray { Count: 1 } names
            && Text(names[0]) is { } name
            && columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { } column
            ? column.Flow
            : null;
    }

    private static int? Ordinal(JsonObject expression) =>
        Text(expression["class"]) == AstNames.Constant
        && expression["value"]?["value"] is JsonValue value
        && value.TryGetValue<long>(out var number)
        && Text(expression["value"]?["type"]?["id"]) is AstNames.Integer or AstNames.Bigint
            ? (int)Math.Clamp(number, int.MinValue, int.MaxValue)
            : null;

    private void Refuse(string reason)
    {
        if (!reasons.Contains(reason, StringComparer.Ordinal))
        {
            reasons.Add(reason);
        }
    }

    private static List<string> Names(JsonNode? node) => (node as JsonArray ?? []).Select(Text).OfType<string>().ToList();

    private static string? Text(JsonNode? node) => StatementWalker.Text(node);

    private static string Canonical(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString();

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    o.Remove("query_location");
                    o.Remove("alias");
                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }
}
