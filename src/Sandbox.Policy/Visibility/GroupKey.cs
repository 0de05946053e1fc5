namespace Sandbox.Policy.Visibility;

/// <summary>One GROUP BY (or DISTINCT) key of a query.</summary>
/// <param name="Canonical">The key expression's AST without positions and aliases, to recognise it in the select list.</param>
/// <param name="ColumnFlow">The columns of a key that is a bare column, to recognise it however it is qualified.</param>
/// <param name="KeyFlow">The columns the key derives from, to recognise a key that is unique per row.</param>
internal sealed record GroupKey(string Canonical, Flow? ColumnFlow, Flow KeyFlow);
