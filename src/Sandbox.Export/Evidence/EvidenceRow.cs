namespace Sandbox.Export.Evidence;

/// <summary>The evidence of one output row (one group).</summary>
/// <param name="Key">The row's dimension cells as the CSV holds them (null for a missing value).</param>
/// <param name="Subjects">The number of distinct subjects the row rests on.</param>
/// <param name="Contributions">Per SUM/AVG column, in output order, the single-subject contributions.</param>
public sealed record EvidenceRow(IReadOnlyList<string?> Key, long Subjects, IReadOnlyList<Contributions> Contributions);
