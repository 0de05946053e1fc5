using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// Rewrites an aggregate SELECT (<c>SELECT dims…, agg(…) … GROUP BY dims</c>) into the query of its disclosure
/// evidence: per output row, the number of distinct subjects and, for each SUM/AVG column, the largest
/// single-subject contributions and the total. The statement is edited as DuckDB's JSON AST
/// (<c>json_serialize_sql</c> → edit → <c>json_deserialize_sql</c>), never as text.
/// </summary>
/// <remarks>
/// The statement itself becomes a per-subject aggregate: the same select list (AVG read as SUM), the subject
/// column appended to the select list and the grouping, with HAVING, QUALIFY, ORDER BY, LIMIT and DISTINCT
/// removed (a HAVING or LIMIT only drops output rows; their evidence rows then simply go unused). A fixed outer
/// query folds the subjects of each group. Every other shape gets a plan without SQL that says why.
/// </remarks>
public static class EvidenceRewriter
{
    /// <summary>The name of the subject-count column of the evidence query.</summary>
    public const string SubjectsColumn = "__subjects";

    private const string SubjectAlias = "__subject";

    /// <summary>Plans the evidence of the output computed by <paramref name="sql"/>.</summary>
    /// <param name="sql">The output's SELECT statement.</param>
    /// <param name="subjects">The subject column of each table in the workspace (table → column, case-insensitive).</param>
    /// <exception cref="SqlParseException">DuckDB cannot parse <paramref name="sql"/>.</exception>
    public static EvidencePlan Plan(string sql, IReadOnlyDictionary<string, string> subjects)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(subjects);
        var statement = SqlStatement.Parse(sql);
        if (statement.Ast is not JsonObject node || StatementWalker.Text(node["type"]) != "SELECT_NODE")
        {
            return EvidencePlan.None("the top level is a set operation (UNION, EXCEPT, INTERSECT), not one aggregate SELECT");
        }

        // 1. The shape: one plain aggregate SELECT over base tables.
        if (node["cte_map"]?["map"] is JsonArray { Count: > 0 })
        {
            return EvidencePlan.None("the statement has a WITH clause; evidence is computed only for a SELECT over base tables");
        }

        if (node["select_list"] is not JsonArray list)
        {
            return EvidencePlan.None("the select list could not be read");
        }

        var roles = new List<OutputColumnRole>();
        foreach (var item in list)
        {
            if (ShapeProblem(item) is { } problem)
            {
                return EvidencePlan.None(problem);
            }

            roles.Add(RoleOf((JsonObject)item!));
        }

        if (roles.All(r => r == OutputColumnRole.Dimension))
        {
            return EvidencePlan.None("not an aggregate: the select list has no aggregate function", roles);
        }

        var groupSets = node["group_sets"] as JsonArray ?? [];
        if (groupSets.Count > 1)
        {
            return EvidencePlan.None("GROUPING SETS, ROLLUP or CUBE: one output row may be several groups", roles);
        }

        // 2. The subject: exactly one table of the FROM clause has a known subject column.
        var tables = new List<(string Table, string Qualifier)>();
        if (BaseTables(node["from_table"] as JsonObject, tables) is { } fromProblem)
        {
            return EvidencePlan.None(fromProblem, roles);
        }

        var withSubject = tables.Where(t => subjects.ContainsKey(t.Table)).ToList();
        if (withSubject.Count != 1)
        {
            return EvidencePlan.None(withSubject.Count == 0
                ? "no table read by the statement has a known subject column"
                : $"several tables with subjects are joined ({string.Join(", ", withSubject.Select(t => t.Table))}); which subject a value belongs to is ambiguous", roles);
        }

        var (table, qualifier) = withSubject[0];
        string subjectColumn = subjects.First(s => string.Equals(s.Key, table, StringComparison.OrdinalIgnoreCase)).Value;

        // 3. The per-subject aggregate: same select list and grouping, plus the subject.
        node["modifiers"] = new JsonArray();
        node["having"] = null;
        node["qualify"] = null;
        for (int i = 0; i < roles.Count; i++)
        {
            if (roles[i] == OutputColumnRole.Average)
            {
                // A subject's contribution to a mean is its share of the sum underneath.
                list[i]!["function_name"] = "sum";
            }
        }

        list.Add(ColumnRef(qualifier, subjectColumn, SubjectAlias));
        if (StatementWalker.Text(node["aggregate_handling"]) != "FORCE_AGGREGATES")
        {
            var groups = node["group_expressions"] as JsonArray ?? [];
            node["group_expressions"] = groups;
            groups.Add(ColumnRef(qualifier, subjectColumn, ""));
            int index = groups.Count - 1;
            if (groupSets.Count == 0)
            {
                groupSets.Add(new JsonArray());
            }

            ((JsonArray)groupSets[0]!).Add(index);
            node["group_sets"] = groupSets;
        }

        // 4. The fold per output row: positional names, so aliases, ordinals and GROUP BY ALL keep working inside.
        string inner = statement.ToSql();
        var outer = new StringBuilder("SELECT ");
        var dimensions = Enumerable.Range(0, roles.Count).Where(i => roles[i] == OutputColumnRole.Dimension).ToList();
        foreach (int d in dimensions)
        {
            outer.Append(Position(d)).Append(", ");
        }

        outer.Append(CultureInfo.InvariantCulture, $"count(DISTINCT {Quote(SubjectAlias)})::BIGINT AS {Quote(SubjectsColumn)}");
        for (int i = 0; i < roles.Count; i++)
        {
            if (roles[i] is OutputColumnRole.Sum or OutputColumnRole.Average)
            {
                string c = Position(i);
                outer.Append(CultureInfo.InvariantCulture,
                    $", max({c})::DOUBLE, list_extract(max({c}, 2), 2)::DOUBLE, sum({c})::DOUBLE, min({c})::DOUBLE");
            }
        }

        string names = string.Join(", ", Enumerable.Range(0, roles.Count).Select(Position).Append(Quote(SubjectAlias)));
        outer.Append(CultureInfo.InvariantCulture, $" FROM ({inner}) AS \"__per_subject\"({names})");
        if (dimensions.Count > 0)
        {
            outer.Append(" GROUP BY ").Append(string.Join(", ", dimensions.Select(Position)));
        }

        return new EvidencePlan(outer.ToString(), roles, $"{table}.{subjectColumn}", null);
    }

    private static string? ShapeProblem(JsonNode? item)
    {
        if (item is not JsonObject expression)
        {
            return "the select list could not be read";
        }

        string? cls = StatementWalker.Text(expression["class"]);
        if (cls == "STAR" || cls == "COLUMNS")
        {
            return "the select list has a *; name the output columns";
        }

        foreach (var inner in Descendants(expression))
        {
            switch (StatementWalker.Text(inner["class"]))
            {
                case "WINDOW":
                    return "the select list has a window function; its rows are not plain groups";
                case "SUBQUERY":
                    return "the select list has a subquery";
            }
        }

        return null;
    }

    private static OutputColumnRole RoleOf(JsonObject item)
    {
        string? name = StatementWalker.Text(item["class"]) == "FUNCTION" ? StatementWalker.Text(item["function_name"])?.ToLowerInvariant() : null;
        bool distinct = item["distinct"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        switch (name)
        {
            case "count" or "count_star":
                return OutputColumnRole.Count;
            case "sum" or "fsum" or "sum_no_overflow" or "kahan_sum" or "sumkahan" when !distinct:
                return OutputColumnRole.Sum;
            case "avg" or "mean" or "favg" when !distinct:
                return OutputColumnRole.Average;
        }

        bool aggregate = Descendants(item).Any(e => StatementWalker.Text(e["class"]) == "FUNCTION"
            && StatementWalker.Text(e["function_name"]) is { } f && AggregateFunctions.Names.Contains(f));
        return aggregate ? OutputColumnRole.OtherAggregate : OutputColumnRole.Dimension;
    }

    /// <summary>Collects the base tables of a FROM clause made of tables and joins; anything else is a problem.</summary>
    private static string? BaseTables(JsonObject? from, List<(string Table, string Qualifier)> tables)
    {
        switch (StatementWalker.Text(from?["type"]))
        {
            case "BASE_TABLE":
                string table = StatementWalker.Text(from!["table_name"]) ?? "";
                string alias = StatementWalker.Text(from["alias"]) ?? "";
                tables.Add((table, alias.Length > 0 ? alias : table));
                return null;
            case "JOIN":
                return BaseTables(from!["left"] as JsonObject, tables) ?? BaseTables(from["right"] as JsonObject, tables);
            case null or "EMPTY":
                return "the statement reads no table";
            default:
                return "the FROM clause has a subquery or table function; evidence is computed only over base tables and joins";
        }
    }

    private static JsonObject ColumnRef(string qualifier, string column, string alias) => new()
    {
        ["class"] = "COLUMN_REF",
        ["type"] = "COLUMN_REF",
        ["alias"] = alias,
        ["query_location"] = 0,
        ["column_names"] = new JsonArray(qualifier, column),
    };

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
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

    private static string Position(int ordinal) => Quote($"__c{ordinal}");

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
