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
        RowEvidence = new EvidenceRow?[table.Rows.Count];
        var key = new string?[Dimensions.Count];
        for (int row = 0; row < table.Rows.Count; row++)
        {
            for (int d = 0; d < Dimensions.Count; d++)
            {
                key[d] = table.Rows[row][Dimensions[d]];
            }

            RowEvidence[row] = evidence.Find(key);
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

    /// <summary>Per output row, its evidence row, or null when none matches.</summary>
    public EvidenceRow?[] RowEvidence { get; } = [];

    /// <summary>True when column <paramref name="ordinal"/> holds aggregates: per the evidence, else every non-text column is a candidate.</summary>
    public bool IsAggregate(int ordinal) => Evidence is null || Evidence.Roles[ordinal] != EvidenceRole.Dimension;
}
