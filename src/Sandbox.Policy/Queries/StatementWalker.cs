using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries;

/// <summary>
/// Walks a statement's JSON AST (from <c>json_serialize_sql</c>) and collects base tables, column
/// references with their scopes, and table functions. The walk is generic: it descends into every
/// object and array and acts only on the few node kinds that matter, so AST fields it does not know
/// (new clauses, new expression kinds) are still searched for column references.
/// </summary>
internal sealed class StatementWalker
{
    private static readonly ImmutableHashSet<string> NothingBound = ImmutableHashSet.Create<string>(StringComparer.OrdinalIgnoreCase);

    public List<TableReference> Tables { get; } = [];

    public List<ColumnReference> Columns { get; } = [];

    public List<ColumnUse> Uses { get; } = [];

    public List<string> TableFunctions { get; } = [];

    /// <summary>Statement kinds that parse as a SELECT but are not one (DESCRIBE, SUMMARIZE, SHOW).</summary>
    public List<string> NotSelect { get; } = [];

    public void WalkStatement(JsonObject node) => VisitQuery(node, parent: null);

    private void VisitQuery(JsonObject node, QueryScope? parent)
    {
        var scope = new QueryScope(parent);

        // CTEs: each body sees the CTEs declared before it; the query sees them all. A non-recursive
        // CTE does not see itself, so `WITH t AS (SELECT … FROM t)` still reads the base table t.
        if (node["cte_map"]?["map"] is JsonArray map)
        {
            var earlier = new List<string>();
            foreach (var entry in map.OfType<JsonObject>())
            {
                var bodyScope = new QueryScope(parent);
                bodyScope.CteNames.UnionWith(earlier);
                if (entry["value"]?["query"]?["node"] is JsonObject body)
                {
                    VisitQuery(body, bodyScope);
                }

                if (Text(entry["key"]) is { } name)
                {
                    earlier.Add(name);
                    scope.CteNames.Add(name);
                }
            }
        }

        if (Text(node["type"]) == AstNames.RecursiveCteNode && Text(node["cte_name"]) is { } self)
        {
            scope.CteNames.Add(self);
        }

        // In ORDER BY, DuckDB binds a bare name to a select-list alias before a table column.
        var aliases = NothingBound.Union(SelectAliases(node));
        foreach (var (key, child) in node)
        {
            if (key != "cte_map")
            {
                Walk(child, new WalkContext(scope, NothingBound, key == "modifiers" ? aliases : NothingBound));
            }
        }
    }

    private void Walk(JsonNode? node, WalkContext context)
    {
        var scope = context.Scope;
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Walk(item, context);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        var cls = Text(obj["class"]);
        var type = Text(obj["type"]);
        if (cls is null && type is not null && type.EndsWith("_NODE", StringComparison.Ordinal))
        {
            VisitQuery(obj, scope);
            return;
        }

        switch (cls ?? type)
        {
            case AstNames.ColumnRef:
                AddColumn(obj, context);
                return;
            case AstNames.Lambda:
                // Lambda parameters (x in `x -> x + 1`) are not columns.
                var parameters = new List<string>();
                CollectColumnNames(obj["lhs"], parameters);
                Walk(obj["expr"], context with { LambdaParameters = context.LambdaParameters.Union(parameters) });
                return;
            case AstNames.Subquery when cls is not null:
                Walk(obj["child"], context);
                if (obj["subquery"]?["node"] is JsonObject subquery)
                {
                    VisitQuery(subquery, scope);
                }

                return;
            case AstNames.Subquery:
                // A subquery in FROM may refer to earlier FROM items (DuckDB joins laterally), so it gets this scope as parent.
                if (obj["subquery"]?["node"] is JsonObject derived)
                {
                    VisitQuery(derived, scope);
                }

                AddDerived(scope, Text(obj["alias"]));
                return;
            case AstNames.BaseTable:
                AddTable(obj, scope);
                return;
            case AstNames.TableFunction:
                var function = Text(obj["function"]?["function_name"]) ?? "(unknown)";
                TableFunctions.Add(function);
                AddDerived(scope, Text(obj["alias"]) is { Length: > 0 } alias ? alias : function);
                Walk(obj["function"], context);
                return;
            case AstNames.ShowRef:
                NotSelect.Add(Text(obj["show_type"]) ?? AstNames.Show);
                return;
            case AstNames.Join:
                foreach (var name in (obj["using_columns"] as JsonArray ?? []).Select(Text).OfType<string>())
                {
                    Uses.Add(new ColumnUse([name], scope));
                    Columns.Add(new ColumnReference(null, name));
                }

                break;
        }

        // Only a bare ORDER BY term binds to a select-list alias; inside an expression a name means the column.
        var inner = cls is null ? context : context with { SelectAliases = NothingBound };
        foreach (var (_, child) in obj)
        {
            Walk(child, inner);
        }
    }

    private void AddColumn(JsonObject obj, WalkContext context)
    {
        var parts = (obj["column_names"] as JsonArray ?? []).Select(Text).OfType<string>().ToArray();
        if (parts.Length == 0
            || context.LambdaParameters.Contains(parts[0])
            || (parts.Length == 1 && context.SelectAliases.Contains(parts[0])))
        {
            return;
        }

        Uses.Add(new ColumnUse(parts, context.Scope));
        Columns.Add(parts.Length == 1 ? new ColumnReference(null, parts[0]) : new ColumnReference(parts[0], parts[1]));
    }

    private void AddTable(JsonObject obj, QueryScope scope)
    {
        var name = Text(obj["table_name"]) ?? string.Empty;
        var alias = Text(obj["alias"]) is { Length: > 0 } a ? a : null;
        var schema = Text(obj["schema_name"]) is { Length: > 0 } s ? s : null;
        var catalog = Text(obj["catalog_name"]) is { Length: > 0 } c ? c : null;
        if (schema is null && catalog is null && scope.SeesCte(name))
        {
            AddDerived(scope, alias ?? name);
            return;
        }

        Tables.Add(new TableReference(name, alias)
        {
            Schema = schema,
            Catalog = catalog,
            RenamesColumns = obj["column_name_alias"] is JsonArray { Count: > 0 },
        });
        scope.Relations.Add(new ScopedRelation(alias ?? name, name));
    }

    private static void AddDerived(QueryScope scope, string? qualifier)
    {
        if (qualifier is { Length: > 0 })
        {
            scope.Relations.Add(new ScopedRelation(qualifier, BaseTable: null));
        }
    }

    private static void CollectColumnNames(JsonNode? node, List<string> names)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    CollectColumnNames(item, names);
                }

                break;
            case JsonObject obj when Text(obj["class"]) == AstNames.ColumnRef:
                if ((obj["column_names"] as JsonArray)?.FirstOrDefault() is { } first && Text(first) is { } name)
                {
                    names.Add(name);
                }

                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    CollectColumnNames(child, names);
                }

                break;
        }
    }

    private static IEnumerable<string> SelectAliases(JsonObject node) =>
        (node["select_list"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(e => Text(e["alias"]))
            .OfType<string>()
            .Where(a => a.Length > 0);

    /// <summary>The string value of a JSON node, or null when it is absent or not a string.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <param name="Scope">The query scope being walked.</param>
    /// <param name="LambdaParameters">Names bound by enclosing lambdas: never columns.</param>
    /// <param name="SelectAliases">Select-list aliases a bare name binds to first (ORDER BY only).</param>
    private readonly record struct WalkContext(
        QueryScope Scope,
        ImmutableHashSet<string> LambdaParameters,
        ImmutableHashSet<string> SelectAliases);
}
