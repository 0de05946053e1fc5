using Sandbox.Contracts.Evidence;
using Sandbox.Export.Evidence;

namespace Sandbox.Export.Checks;

/// <summary>One table under check: its cells, their names, the limits, and the evidence matched row by row.</summary>
internal sealed class CheckContext
{
    public CheckContext(OutputTable table, CheckOptions options)
    {
        Table = table;
        Names = new CellNames(table);
        Options = options;
        var evidence = options.Evidence;
        if (evidence is null)
        {
            EvidenceMissing = "no evidence: the output was not produced by a SQL job of this domain";
            return;
        }

        if (!evidence.Available)
        {
            EvidenceMissing = $"no evidence: {evidence.Reason}";
            return;
        }

        if (evidence.Roles.Count != table.Columns.Count)
        {
            EvidenceMissing = $"no evidence: it describes {evidence.Roles.Count} columns but the output has {table.Columns.Count}";
            return;
        }

        Evidence = evidence;
        Dimensions = [.. Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] == EvidenceRole.Dimension)];
        Contributed = [.. Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] is EvidenceRole.Sum or EvidenceRole.Average)];
        RowEvidence = new IReadOnlyList<EvidenceRow>[table.Rows.Count];
        _aggregateIndex = new int[evidence.Roles.Count];
        for (int i = 0, a = 0; i < evidence.Roles.Count; i++)
        {
            _aggregateIndex[i] = evidence.Roles[i] == EvidenceRole.Dimension ? -1 : a++;
        }

        var key = new string?[Dimensions.Count];
        for (int row = 0; row < table.Rows.Count; row++)
        {
            for (int d = 0; d < Dimensions.Count; d++)
            {
                key[d] = table.Rows[row][Dimensions[d]];
            }

            RowEvidence[row] = evidence.Candidates(key);
        }
    }

    public OutputTable Table { get; }

    public CellNames Names { get; }

    public CheckOptions Options { get; }

    /// <summary>The evidence, when it exists and fits the table.</summary>
    public OutputEvidence? Evidence { get; }

    /// <summary>Why there is no usable evidence; null when <see cref="Evidence"/> is set.</summary>
    public string? EvidenceMissing { get; }

    /// <summary>Ordinals of the dimension columns (with evidence).</summary>
    public IReadOnlyList<int> Dimensions { get; } = [];

    /// <summary>Ordinals of the SUM/AVG columns, in the order of each evidence row's contributions.</summary>
    public IReadOnlyList<int> Contributed { get; } = [];

    /// <summary>Per output row, the groups it may be (empty when none matches): every one is held to the limits.</summary>
    public IReadOnlyList<EvidenceRow>[] RowEvidence { get; } = [];

    private readonly int[] _aggregateIndex = [];

    /// <summary>The fewest subjects output row <paramref name="row"/> may rest on; null without matching evidence.</summary>
    public long? RowSubjects(int row) => RowEvidence.Length == 0 || RowEvidence[row].Count == 0 ? null : RowEvidence[row].Min(e => e.Subjects);

    /// <summary>
    /// The fewest subjects the aggregate of cell (<paramref name="row"/>, <paramref name="ordinal"/>) may count: the
    /// subjects its FILTER, CASE and WHERE let through, in the worst of the groups the row may be; null without evidence.
    /// </summary>
    public long? CellSubjects(int row, int ordinal)
    {
        if (RowEvidence.Length == 0 || RowEvidence[row].Count == 0)
        {
            return null;
        }

        int a = _aggregateIndex.Length > ordinal ? _aggregateIndex[ordinal] : -1;
        return RowEvidence[row].Min(e => a >= 0 && a < e.Cells.Count ? e.Cells[a] : e.Subjects);
    }

    /// <summary>True when column <paramref name="ordinal"/> holds aggregates: per the evidence, else every non-text column is a candidate.</summary>
    public bool IsAggregate(int ordinal) => Evidence is null || Evidence.Roles[ordinal] != EvidenceRole.Dimension;
}
