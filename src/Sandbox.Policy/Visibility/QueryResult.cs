namespace Sandbox.Policy.Visibility;

/// <summary>What a query node yields: its output columns, and the columns its filters test (for EXISTS).</summary>
/// <param name="Columns">The output columns with their flows.</param>
/// <param name="Conditions">The columns WHERE, ON and HAVING compare, as tests.</param>
internal sealed record QueryResult(IReadOnlyList<RelationColumn> Columns, Flow Conditions)
{
    /// <summary>True when the query refers to a column of an enclosing query: it runs once per outer row.</summary>
    public bool Correlated { get; init; }

    public static QueryResult Empty { get; } = new([], Flow.None);
}
