using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    /// <summary>Adds the FROM item's relations to <paramref name="scope"/>; returns what its join conditions test.</summary>
    private Flow From(JsonObject item, AnalysisScope scope)
    {
        var alias = Text(item["alias"]) is { Length: > 0 } a ? a : null;
        var renames = Names(item["column_name_alias"]);
        var type = Text(item["type"]);
        if (!Decide("from", type, AstNames.From))
        {
            return Flow.None;
        }

        switch (type)
        {
            case AstNames.BaseTable:
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
                    {
                        BaseTable = name,

                        // rowid differs row by row: fine to show, but a group or partition of it holds one row.
                        Pseudo = columns.Any(c => string.Equals(c.Name, "rowid", StringComparison.OrdinalIgnoreCase))
                            ? []
                            : [new RelationColumn("rowid", Flow.Of(Origin.PerRow(name, "rowid")))],
                    };
                }

                scope.Relations.Add(renames.Count > 0 ? relation.Renamed(renames) : relation);
                return Flow.None;

            case AstNames.Subquery:
                // DuckDB joins subqueries in FROM laterally: they see the relations before them.
                var result = item["subquery"]?["node"] is JsonObject node ? Query(node, scope, scope.Ctes) : QueryResult.Empty;
                CheckCorrelated(result, "a LATERAL subquery in FROM");
                scope.Relations.Add(new Relation(alias, result.Columns).Renamed(renames));
                return result.Conditions;

            case AstNames.ExpressionList:
                // VALUES: columns col0, col1 … filled row by row with constants (or expressions of earlier FROM items).
                var rows = (item["values"] as JsonArray ?? []).OfType<JsonArray>().ToList();
                var width = rows.Count == 0 ? 0 : rows.Max(v => v.Count);
                var context = ExpressionContext.In(scope, AstNames.Values);
                var values = Enumerable.Range(0, width)
                    .Select(i => new RelationColumn($"col{i}", Flow.Union(rows.Select(v => i < v.Count ? Eval(v[i], context) : Flow.None)).Inexact()))
                    .ToList();
                scope.Relations.Add(new Relation(alias ?? "valueslist", values).Renamed(renames));
                return Flow.None;

            case AstNames.Join:
                return Join(item, scope);

            case AstNames.TableFunction:
                // Table functions reach outside the workspace (the grant check refuses them too) and their columns are
                // unknown here: refused, and any name that would reach them does not resolve.
                var function = Text(item["function"]?["function_name"]) ?? "(unknown)";
                Refuse($"table function {function} in FROM has columns the analysis cannot enumerate");
                scope.Relations.Add(new Relation(alias ?? function, []));
                return Flow.None;

            default:
                // EMPTY: SELECT without FROM.
                return Flow.None;
        }
    }

    private Flow Join(JsonObject join, AnalysisScope scope)
    {
        Decide("join", Text(join["join_type"]), AstNames.From);
        Decide("joinref", Text(join["ref_type"]), AstNames.From);
        var before = scope.Relations.Count;
        var conditions = join["left"] is JsonObject left ? From(left, scope) : Flow.None;
        var middle = scope.Relations.Count;
        if (join["right"] is JsonObject right)
        {
            conditions = conditions.Union(From(right, scope));
        }

        var leftRelations = scope.Relations.Skip(before).Take(middle - before).ToList();
        var rightRelations = scope.Relations.Skip(middle).ToList();

        // USING and NATURAL compare the named columns of both sides for equality: a join. * shows each such column once.
        var shared = Names(join["using_columns"]);
        if (Text(join["ref_type"]) == AstNames.Natural)
        {
            shared = [.. leftRelations.SelectMany(r => r.Columns).Select(c => c.Name)
                .Intersect(rightRelations.SelectMany(r => r.Columns).Select(c => c.Name), StringComparer.OrdinalIgnoreCase)];
        }

        foreach (var name in shared)
        {
            var leftFlow = Flow.Union(leftRelations.SelectMany(r => r.Find(name)).Select(c => c.Flow));
            var rightFlow = Flow.Union(rightRelations.SelectMany(r => r.Find(name)).Select(c => c.Flow));
            if (leftFlow.IsEmpty && rightFlow.IsEmpty && !leftRelations.Concat(rightRelations).Any(r => r.Find(name).Any()))
            {
                Refuse($"the USING column {name} does not resolve to a column the analysis can follow");
            }

            var flow = JoinKeys(leftFlow, rightFlow, AstNames.Using);
            Check(flow, UseKind.Filter, AstNames.Using);
            conditions = conditions.Union(flow);
            for (var i = middle; i < scope.Relations.Count; i++)
            {
                scope.Relations[i] = scope.Relations[i] with { StarExcluded = scope.Relations[i].StarExcluded.Add(name) };
            }

            // An outer join's USING column is COALESCE(left, right): under * the left copy carries both.
            for (var i = before; i < middle; i++)
            {
                var relation = scope.Relations[i];
                scope.Relations[i] = relation with
                {
                    Columns = [.. relation.Columns.Select(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) ? c with { Flow = c.Flow.Union(rightFlow) } : c)],
                };
            }
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
            if (Text(expression["class"]) == AstNames.Star)
            {
                items.AddRange(Expand(expression, scope).Select(c => new SelectItem(c.Name, null, null, c.Flow)));
                continue;
            }

            var alias = Text(expression["alias"]) is { Length: > 0 } a ? a : null;
            items.Add(new SelectItem(alias ?? ExpressionNames.Of(expression), alias, expression, null));
        }

        return items;
    }

    /// <summary>
    /// The columns a <c>*</c>, <c>t.*</c> or <c>COLUMNS(*)</c> stands for, in DuckDB's order: a base table's are the
    /// granted columns (all its workspace holds). A COLUMNS pattern or lambda selects by data the analysis does not
    /// evaluate, so it is refused rather than guessed.
    /// </summary>
    private List<RelationColumn> Expand(JsonObject star, AnalysisScope scope)
    {
        if (!KnownFields(star, AstNames.Star, "the select list"))
        {
            return [];
        }

        if (star["expr"] is JsonObject selector && Text(selector["class"]) != AstNames.Star)
        {
            Refuse("COLUMNS(…) with a pattern or lambda selects columns the analysis cannot enumerate (the select list)");
            return [];
        }

        var relationName = Text(star["relation_name"]);
        var relations = string.IsNullOrEmpty(relationName)
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

        // RENAME (col AS name).
        var renamed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in (star["rename_list"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var from = entry["key"] is JsonObject key ? Text(key["column"]) ?? Names(key["column_names"]).LastOrDefault() : Text(entry["key"]);
            if (from is not null && Text(entry["value"]) is { } to)
            {
                renamed[from] = to;
            }
        }

        return [.. relations.SelectMany(r => r.StarColumns)
            .Where(c => !excluded.Contains(c.Name))
            .Select(c => new RelationColumn(renamed.GetValueOrDefault(c.Name, c.Name), c.Flow.Union(replaced)))];
    }

    private List<GroupKey> GroupKeys(JsonObject node, List<SelectItem> items, ExpressionContext context)
    {
        var keys = new List<GroupKey>();
        void AddKey(JsonObject expression, Flow flow, UseKind use)
        {
            Check(flow, use, context.Location);
            var isColumn = Text(expression["class"]) == AstNames.ColumnRef;
            keys.Add(new GroupKey(Canonical(expression), isColumn ? flow : null, flow));
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
        var groupAll = Text(node["aggregate_handling"]) == AstNames.ForceAggregates;
        var distinct = (node["modifiers"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(m => Text(m["type"]) == AstNames.DistinctModifier);
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
                AddKey(expression, Eval(expression, context with { Location = distinct is not null ? AstNames.Distinct : "GROUP BY ALL" }), UseKind.Group);
            }
            else
            {
                Check(item.Expanded!, UseKind.Group, distinct is not null ? AstNames.Distinct : "GROUP BY ALL");
                keys.Add(new GroupKey(string.Empty, item.Expanded, item.Expanded!));
            }
        }

        return keys;
    }

    /// <summary>A <c>*</c>-expanded column's flow, as a key when a key names the same column.</summary>
    private static Flow KeyedIfKey(Flow flow, IReadOnlyList<GroupKey> keys) =>
        !flow.IsEmpty && keys.Any(k => k.ColumnFlow is { } key && key.SameColumns(flow)) ? flow.Keyed() : flow;

    private static bool HasAggregate(JsonNode? node) => node switch
    {
        JsonObject o when Text(o["class"]) == AstNames.Subquery => false,
        JsonObject o when Text(o["class"]) == AstNames.Function && Text(o["function_name"]) is { } f && SqlFunctions.IsAggregate(f) => true,
        JsonObject o => o.Any(p => HasAggregate(p.Value)),
        JsonArray a => a.Any(HasAggregate),
        _ => false,
    };

}
