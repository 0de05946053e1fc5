using System.Text.Json.Nodes;
using Sandbox.Contracts.Evidence;

namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// Rewrites a SELECT into the query of its disclosure evidence: per group of the output (keyed by every GROUP BY
/// key, shown or not), the distinct subjects of each subject table, per aggregate cell the subjects that aggregate
/// actually counts (after WHERE, FILTER and CASE), and per SUM/AVG the largest single-subject contributions. The
/// statement is edited as DuckDB's JSON AST (<c>json_serialize_sql</c> → edit → <c>json_deserialize_sql</c>), never
/// as text.
/// </summary>
/// <remarks>
/// Subjects are carried up out of CTEs and subqueries that keep their rows; a listing (no aggregate at all) rests on
/// one subject per row and needs no query. Every other shape gets a plan without SQL that names the construct.
/// </remarks>
public static class EvidenceRewriter
{
    /// <summary>The name of the subject-count column of the evidence query.</summary>
    public const string SubjectsColumn = "__subjects";

    /// <summary>Plans the evidence of the output computed by <paramref name="sql"/>.</summary>
    /// <param name="sql">The output's SELECT statement.</param>
    /// <param name="subjects">The subject column of each table in the workspace (table → column, case-insensitive).</param>
    /// <param name="uniqueSubjects">
    /// The tables known to hold each subject once (no NULL, no repeat): a statement reading one of them alone is
    /// measured row by row instead of grouped by subject (see <see cref="PerRowEvidence"/>); null when unknown.
    /// </param>
    /// <exception cref="SqlParseException">DuckDB cannot parse <paramref name="sql"/>.</exception>
    public static EvidencePlan Plan(string sql, IReadOnlyDictionary<string, string> subjects, IReadOnlySet<string>? uniqueSubjects = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(subjects);
        var lookup = new Dictionary<string, string>(subjects, StringComparer.OrdinalIgnoreCase);
        var statement = SqlStatement.Parse(sql);
        if (statement.Ast is not JsonObject node || AstNodes.Text(node["type"]) != AstNames.SelectNode)
        {
            return EvidencePlan.None("the top level is a set operation (UNION, EXCEPT, INTERSECT), not one SELECT");
        }

        if (node["select_list"] is not JsonArray list || list.Any(i => AstNodes.Class(i) is AstNames.Star or AstNames.Columns || i is not JsonObject))
        {
            return EvidencePlan.None("the select list has a *; name the output columns");
        }

        // 1. The subjects, carried up out of CTEs and subqueries (this edits their select lists).
        var sources = new List<SubjectSource>();
        string? problem = new SubjectSources(lookup).Collect(node, [], sources);

        // 2. A listing keeps one row per row read: each rests on one subject of each subject table, no query needed.
        var modifiers = node["modifiers"] as JsonArray ?? [];
        var distinct = modifiers.OfType<JsonObject>().FirstOrDefault(m => AstNodes.Text(m["type"]) == AstNames.DistinctModifier);
        if (!Aggregates(node) && node["having"] is null)
        {
            var dimensions = Enumerable.Repeat(EvidenceRole.Dimension, list.Count).ToList();
            if (distinct is null)
            {
                return problem is not null ? EvidencePlan.None($"a listing: {problem}", dimensions)
                    : sources.Count == 0 ? EvidencePlan.None("no table read by the statement has a known subject column", dimensions)
                    : EvidencePlan.ListingOf(dimensions, [.. sources.Select(s => s.Label).Distinct()]);
            }

            // SELECT DISTINCT is a GROUP BY of every select item.
            if (distinct["distinct_on_targets"] is JsonArray { Count: > 0 } || list.Any(i => AstNodes.Descendants(i).Any(d => AstNodes.Class(d) == AstNames.Window)))
            {
                return EvidencePlan.None("SELECT DISTINCT ON, or DISTINCT over a window function: which rows a group merges is not traced", dimensions);
            }

            modifiers.Remove(distinct);
            node["group_expressions"] = new JsonArray([.. list.Select(i => (JsonNode)AstNodes.Unaliased(i!))]);
            node["group_sets"] = new JsonArray(new JsonArray([.. Enumerable.Range(0, list.Count).Select(i => (JsonNode)i)]));
        }

        // 3. The shape of an aggregate.
        var roles = list.Select(i => RoleOf((JsonObject)i!)).ToList();
        if (problem is not null)
        {
            return EvidencePlan.None(problem, roles);
        }

        if (list.Any(i => AstNodes.Descendants(i).Any(d => AstNodes.Class(d) == AstNames.Subquery)))
        {
            return EvidencePlan.None("the select list has a subquery, whose subjects are not traced", roles);
        }

        if (node["group_sets"] is JsonArray { Count: > 1 })
        {
            return EvidencePlan.None("GROUPING SETS, ROLLUP or CUBE: one output row may be several groups", roles);
        }

        if (sources.Count == 0)
        {
            return EvidencePlan.None("no table read by the statement has a known subject column", roles);
        }

        ResolveOrdinals(node, list);
        string query = new EvidenceQuery(node, roles, sources, PerRowEvidence.Applies(node, sources, uniqueSubjects)).Build();
        return new EvidencePlan(query, roles, string.Join(", ", sources.Select(s => s.Label).Distinct()), null)
        {
            Subjects = [.. sources.Select(s => s.Label)],
        };
    }

    private static bool Aggregates(JsonObject node) =>
        AstNodes.AggregateCalls(node["select_list"]).Any() || node["group_expressions"] is JsonArray { Count: > 0 }
        || AstNodes.Text(node["aggregate_handling"]) == AstNames.ForceAggregates;

    internal static EvidenceRole RoleOf(JsonObject item)
    {
        string? name = AstNodes.FunctionName(item);
        bool distinct = AstNodes.IsTrue(item["distinct"]);
        bool measurable = item["children"] is JsonArray { Count: 1 } children && Contribution.Measured((JsonObject)children[0]!) is not null;
        switch (name)
        {
            case "count" or "count_star":
                return EvidenceRole.Count;
            case "sum" or "fsum" or "sum_no_overflow" or "kahan_sum" or "sumkahan" when !distinct && measurable:
                return EvidenceRole.Sum;
            case "avg" or "mean" or "favg" when !distinct && measurable:
                return EvidenceRole.Average;
        }

        bool aggregate = AstNodes.AggregateCalls(item).Any() || AstNodes.Descendants(item).Any(d => AstNodes.Class(d) == AstNames.Window);
        return aggregate ? EvidenceRole.Other : EvidenceRole.Dimension;
    }

    /// <summary>GROUP BY 1 names a select item by position; the rewrite moves items, so each ordinal becomes its expression.</summary>
    private static void ResolveOrdinals(JsonObject node, JsonArray list)
    {
        if (node["group_expressions"] is not JsonArray groups)
        {
            return;
        }

        for (int g = 0; g < groups.Count; g++)
        {
            if (AstNodes.Class(groups[g]) == AstNames.Constant && groups[g]!["value"]?["value"] is JsonValue v
                && v.TryGetValue(out long ordinal) && ordinal >= 1 && ordinal <= list.Count)
            {
                groups[g] = AstNodes.Unaliased(list[(int)ordinal - 1]!);
            }
        }
    }
}
