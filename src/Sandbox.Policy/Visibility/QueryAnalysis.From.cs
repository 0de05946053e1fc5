using System.Text.Json.Nodes;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    /// <summary>Adds the FROM item's relations to <paramref name="scope"/>; returns what its join conditions test.</summary>
    private Flow From(JsonObject item, AnalysisScope scope)
    {
        var alias = Text(item["alias"]) is { Length: > 0 } a ? a : null;
        var renames = Names(item["column_name_alias"]);
        switch (Text(item["type"]))
        {
            case "BASE_TABLE":
                var name = Text(item["table_name"]) ?? string.Empty;
                var qualified = Text(item["schema_name"]) is { Length: > 0 } || Text(item["catalog_name"]) is { Length: > 0 };
                Relation relation;
                if (!qualified && scope.Ctes.TryGetValue(name, out var cte))
                {
                    relation = cte with { Qualifier = alias ?? name };
                }
                else
                {
                    // Unknown tables have no columns here: the grant check refuses them.
                    var columns = tableColumns(name) ?? [];
                    relation = new Relation(alias ?? name,
                        [.. columns.Select(c => new RelationColumn(c.Name, Flow.Of(new Origin(name, c.Name, c.Constraint, FlowMode.Value))))])
                    { BaseTable = name };
                }

                scope.Relations.Add(renames.Count > 0 ? relation.Renamed(renames) : relation);
                return Flow.None;

            case "SUBQUERY":
                // DuckDB joins subqueries in FROM laterally: they see the relations before them.
                var result = item["subquery"]?["node"] is JsonObject node ? Query(node, scope, scope.Ctes) : QueryResult.Empty;
                var derived = new Relation(alias, result.Columns);
                scope.Relations.Add(renames.Count > 0 ? derived.Renamed(renames) : derived);
                return result.Conditions;

            case "JOIN":
                return Join(item, scope);

            case "TABLE_FUNCTION":
                // Refused by the grant check (table functions reach outside the workspace); nothing to derive.
                scope.Relations.Add(new Relation(alias ?? Text(item["function"]?["function_name"]), []));
                return Flow.None;

            case "EMPTY" or "EMPTY_FROM":
                return Flow.None;

            default:
                Refuse($"a FROM item of kind {Text(item["type"]) ?? "(unknown)"} cannot be checked against the column rules");
                return Flow.None;
        }
    }

    private Flow Join(JsonObject join, AnalysisScope scope)
    {
        var before = scope.Relations.Count;
        var conditions = join["left"] is JsonObject left ? From(left, scope) : Flow.None;
        var middle = scope.Relations.Count;
        if (join["right"] is JsonObject right)
        {
            conditions = conditions.Union(From(right, scope));
        }

        var leftRelations = scope.Relations.Skip(before).Take(middle - before).ToList();
        var rightRelations = scope.Relations.Skip(middle).ToList();

        // USING and NATURAL compare the named columns of both sides for equality: a join.
        var shared = Names(join["using_columns"]);
        if (Text(join["ref_type"]) == "NATURAL")
        {
            shared = [.. leftRelations.SelectMany(r => r.Columns).Select(c => c.Name)
                .Intersect(rightRelations.SelectMany(r => r.Columns).Select(c => c.Name), StringComparer.OrdinalIgnoreCase)];
        }

        foreach (var name in shared)
        {
            var flow = Flow.Union(leftRelations.Concat(rightRelations).Select(r => r.Find(name)?.Flow ?? Flow.None)).Joined();
            Check(flow, UseKind.Filter, "USING");
            conditions = conditions.Union(flow);
        }

        if (join["condition"] is JsonObject condition)
        {
            var flow = Eval(condition, ExpressionContext.In(scope, "ON"));
            Check(flow, UseKind.Filter, "ON");
            conditions = conditions.Union(flow.Tested());
        }

        return conditions;
    }

    private List<SelectItem> SelectItems(JsonObject node, AnalysisScope scope)
    {
        var items = new List<SelectItem>();
        foreach (var expression in (node["select_list"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(expression["class"]) == "STAR")
            {
                items.AddRange(Expand(expression, scope).Select(c => new SelectItem(c.Name, null, null, c.Flow)));
                continue;
            }

            var alias = Text(expression["alias"]) is { Length: > 0 } a ? a : null;
            items.Add(new SelectItem(alias ?? NameOf(expression), alias, expression, null));
        }

        return items;
    }

    /// <summary>
    /// The columns a <c>*</c>, <c>t.*</c> or <c>COLUMNS(…)</c> stands for. A base table's are the granted
    /// columns (all its workspace holds). A COLUMNS pattern is not evaluated: it stands for every column, which errs
    /// towards refusing.
    /// </summary>
    private List<RelationColumn> Expand(JsonObject star, AnalysisScope scope)
    {
        var relationName = Text(star["relation_name"]);
        var relations = string.IsNullOrEmpty(relationName) || star["columns"]?.GetValue<bool>() == true
            ? scope.Relations
            : scope.Relations.Where(r => r.IsNamed(relationName)).ToList();
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in (star["exclude_list"] as JsonArray ?? []).Concat(star["qualified_exclude_list"] as JsonArray ?? []))
        {
            if (Text(entry) is { } plain)
            {
                excluded.Add(plain);
            }
            else if (entry?["column_names"] is JsonArray { Count: > 0 } parts && Text(parts[^1]) is { } last)
            {
                excluded.Add(last);
            }
        }

        // REPLACE (expr AS col): the replacement's flow joins the column's, which errs towards refusing.
        var replaced = Flow.Union((star["replace_list"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => r["value"] as JsonObject ?? r)
            .Where(e => Text(e["class"]) is not null)
            .Select(e => Eval(e, ExpressionContext.In(scope, "the select list"))));

        var columns = new List<RelationColumn>();
        foreach (var column in relations.SelectMany(r => r.Columns).Where(c => !excluded.Contains(c.Name)))
        {
            // A USING column appears once under *; the flows of its sides are merged.
            var flow = column.Flow.Union(replaced);
            var index = columns.FindIndex(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                columns.Add(column with { Flow = flow });
            }
            else
            {
                columns[index] = columns[index] with { Flow = columns[index].Flow.Union(flow) };
            }
        }

        return columns;
    }

    private List<GroupKey> GroupKeys(JsonObject node, List<SelectItem> items, ExpressionContext context)
    {
        var keys = new List<GroupKey>();
        void AddKey(JsonObject expression, Flow flow, UseKind use)
        {
            Check(flow, use, context.Location);
            var isColumn = Text(expression["class"]) == "COLUMN_REF";
            keys.Add(new GroupKey(Canonical(expression), isColumn ? flow : null));
        }

        JsonObject Target(JsonObject expression)
        {
            // GROUP BY 2 and GROUP BY alias mean select items (a real column of that name wins over the alias).
            if (Ordinal(expression) is { } ordinal && ordinal >= 1 && ordinal <= items.Count && items[ordinal - 1].Expression is { } byPosition)
            {
                return byPosition;
            }

            return expression;
        }

        foreach (var expression in (node["group_expressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var target = Target(expression);
            AddKey(target, Eval(target, context), UseKind.Group);
        }

        // GROUP BY ALL: every select item without an aggregate is a key.
        var groupAll = Text(node["aggregate_handling"]) == "FORCE_AGGREGATES";
        var distinct = (node["modifiers"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(m => Text(m["type"]) == "DISTINCT_MODIFIER");
        var distinctOn = distinct?["distinct_on_targets"] as JsonArray ?? [];
        foreach (var target in distinctOn.OfType<JsonObject>())
        {
            var resolved = Target(target);
            AddKey(resolved, Eval(resolved, context with { Location = "DISTINCT ON" }), UseKind.Group);
        }

        foreach (var item in items)
        {
            var isKey = (groupAll && (item.Expression is null || !HasAggregate(item.Expression)))
                || (distinct is not null && distinctOn.Count == 0);
            if (!isKey)
            {
                continue;
            }

            if (item.Expression is { } expression)
            {
                AddKey(expression, Eval(expression, context with { Location = distinct is not null ? "DISTINCT" : "GROUP BY ALL" }), UseKind.Group);
            }
            else
            {
                Check(item.Expanded!, UseKind.Group, distinct is not null ? "DISTINCT" : "GROUP BY ALL");
                keys.Add(new GroupKey(string.Empty, item.Expanded));
            }
        }

        return keys;
    }

    /// <summary>A <c>*</c>-expanded column's flow, as a key when a key names the same column.</summary>
    private static Flow KeyedIfKey(Flow flow, IReadOnlyList<GroupKey> keys) =>
        !flow.IsEmpty && keys.Any(k => k.ColumnFlow is { } key && key.SameColumns(flow)) ? flow.Keyed() : flow;

    private static bool HasAggregate(JsonNode? node) => node switch
    {
        JsonObject o when Text(o["class"]) == "SUBQUERY" => false,
        JsonObject o when Text(o["class"]) == "FUNCTION" && Text(o["function_name"]) is { } f && SqlFunctions.IsAggregate(f) => true,
        JsonObject o => o.Any(p => HasAggregate(p.Value)),
        JsonArray a => a.Any(HasAggregate),
        _ => false,
    };

    /// <summary>The name DuckDB gives an unaliased select item; enough to refer to it from an outer query.</summary>
    private static string NameOf(JsonObject expression) => Text(expression["class"]) switch
    {
        "COLUMN_REF" => Names(expression["column_names"]).LastOrDefault() ?? "?",
        "FUNCTION" or "WINDOW" => Text(expression["function_name"]) is "count_star" ? "count_star()" : $"{Text(expression["function_name"])}(…)",
        _ => "?column?",
    };
}
