namespace Sandbox.Policy.Visibility;

/// <summary>What the column rules do with one kind of syntax-tree node.</summary>
/// <param name="Family">The node family: <c>query</c>, <c>from</c>, <c>expression</c>, <c>operator</c> …</param>
/// <param name="Kind">The kind as DuckDB's <c>json_serialize_sql</c> names it (<c>SELECT_NODE</c>, <c>COMPARE_IN</c> …).</param>
/// <param name="Refusal">Null when the analysis models the kind; otherwise why a statement using it is refused.</param>
internal sealed record SyntaxDecision(string Family, string Kind, string? Refusal)
{
    public bool IsModelled => Refusal is null;
}
