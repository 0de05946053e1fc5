namespace Sandbox.Export.Evidence;

/// <summary>The evidence of one group of the output (for one subject table).</summary>
/// <param name="Key">The row's dimension cells as the CSV holds them (null for a missing value).</param>
/// <param name="Subjects">The number of distinct subjects the group rests on.</param>
/// <param name="Contributions">Per SUM/AVG column, in output order, the single-subject contributions.</param>
public sealed record EvidenceRow(IReadOnlyList<string?> Key, long Subjects, IReadOnlyList<Contributions> Contributions)
{
    /// <summary>Per aggregate column, in output order, the subjects its aggregate actually counts (after FILTER, CASE, WHERE); empty: all of <see cref="Subjects"/>.</summary>
    public IReadOnlyList<long> Cells { get; init; } = [];

    /// <summary>Per aggregate column, in output order, the cell's subject-set fingerprint (base64); empty when not measured.</summary>
    public IReadOnlyList<string> Sketches { get; init; } = [];

    /// <summary>The subject table (its index in the evidence file's <c>subjects</c>).</summary>
    public int Table { get; init; }
}
