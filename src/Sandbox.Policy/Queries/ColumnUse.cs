namespace Sandbox.Policy.Queries;

/// <summary>A column reference with its full dotted path and the scope it was written in, for resolving it later.</summary>
/// <param name="Parts">The dotted parts as written: <c>[name]</c>, <c>[qualifier, name]</c>, or longer (schema-qualified or struct fields).</param>
/// <param name="Scope">The query scope the reference appears in.</param>
internal sealed record ColumnUse(IReadOnlyList<string> Parts, QueryScope Scope);
