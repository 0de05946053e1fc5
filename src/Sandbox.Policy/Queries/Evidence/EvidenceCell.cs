namespace Sandbox.Policy.Queries.Evidence;

/// <summary>How the evidence query measures one aggregate output column.</summary>
/// <param name="Ordinal">The output column.</param>
/// <param name="Counted">The conditions under which a subject counts toward the cell (one per aggregate call; none: every subject of the group).</param>
/// <param name="Measured">The per-subject column whose contributions dominance is computed on; null when not measured.</param>
internal sealed record EvidenceCell(int Ordinal, IReadOnlyList<string> Counted, string? Measured);
