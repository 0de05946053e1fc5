using Sandbox.Policy.Queries;
using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Tests.Visibility;

/// <summary>
/// The grant of issue 11: <c>resident_id</c> join-only, <c>name</c> forbidden, <c>age</c> compare-only, <c>income</c>
/// aggregate-only, the rest plain; and a second table that joins on the subject.
/// </summary>
internal static class PeopleGrant
{
    public static readonly Dictionary<string, ConstrainedColumn[]> Tables = new(StringComparer.OrdinalIgnoreCase)
    {
        ["people"] =
        [
            new("resident_id", ColumnConstraint.JoinOnly),
            new("name", ColumnConstraint.Forbidden),
            new("street", ColumnConstraint.Plain),
            new("district", ColumnConstraint.Plain),
            new("gender", ColumnConstraint.Plain),
            new("age", ColumnConstraint.CompareOnly),
            new("income", ColumnConstraint.AggregateOnly),
        ],
        ["households"] =
        [
            new("resident_id", ColumnConstraint.JoinOnly),
            new("household", ColumnConstraint.Plain),
            new("size", ColumnConstraint.Plain),
        ],
    };

    public static IReadOnlyList<string> Analyze(string sql) =>
        ColumnRuleAnalyzer.Analyze(SqlStatement.Parse(sql), t => Tables.GetValueOrDefault(t));
}
