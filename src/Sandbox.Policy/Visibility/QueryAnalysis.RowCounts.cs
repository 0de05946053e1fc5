using System.Text.Json.Nodes;

using Sandbox.Policy.Queries;

namespace Sandbox.Policy.Visibility;

internal sealed partial class QueryAnalysis
{
    /// <summary>
    /// A LIMIT or SAMPLE inside the statement cuts rows to as few as one: an aggregate over them summarizes single rows,
    /// so an inner query that does so may not pass a constrained column's values on.
    /// </summary>
    private void CheckFewRows(JsonObject node, IReadOnlyList<RelationColumn> columns)
    {
        if (ReferenceEquals(node, outermost))
        {
            return;
        }

        var cut = (node["modifiers"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(m => Text(m["type"]) is AstNames.LimitModifier or AstNames.LimitPercentModifier)
            ? AstNames.Limit
            : node["sample"] is JsonObject || HasSample(node["from_table"]) ? "a SAMPLE" : null;
        if (cut is null)
        {
            return;
        }

        foreach (var origin in Flow.Union(columns.Select(c => c.Flow)).Constrained
            .Where(o => o.Mode is FlowMode.Value or FlowMode.Test)
            .OrderBy(o => o.Describe(), StringComparer.Ordinal))
        {
            Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                + $"but a subquery with {cut} passes it on from as few as one row");
        }
    }

    private static bool HasSample(JsonNode? from) => from is JsonObject item
        && (item["sample"] is JsonObject || HasSample(item["left"]) || HasSample(item["right"]));

    /// <summary>
    /// A correlated subquery runs once per outer row: an aggregate inside it summarizes the rows matching that one row
    /// (<c>where p2.resident_id = p.resident_id</c>), a group of one, so no constrained column may be summarized there.
    /// </summary>
    private void CheckCorrelated(QueryResult result, string location)
    {
        if (!result.Correlated)
        {
            return;
        }

        var summarized = Flow.Union(result.Columns.Select(c => c.Flow)).Union(result.Conditions).Constrained
            .Where(o => o.Mode is FlowMode.Aggregate or FlowMode.AggregateOfTest)
            .OrderBy(o => o.Describe(), StringComparer.Ordinal);
        foreach (var origin in summarized)
        {
            Refuse($"column {origin.Describe()} is {ColumnConstraints.Name(origin.Constraint)} — {ColumnConstraints.Rule(origin.Constraint)} — "
                + $"but a correlated subquery in {location} summarizes it per outer row");
        }
    }
}
