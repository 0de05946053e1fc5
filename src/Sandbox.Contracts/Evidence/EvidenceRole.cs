namespace Sandbox.Contracts.Evidence;

/// <summary>
/// What one output column of a SQL output is: decided by the query analysis, written into the evidence by the runner,
/// read by the export gate. Contract names are those of <see cref="EvidenceRoles.Vocabulary"/>.
/// </summary>
public enum EvidenceRole
{
    /// <summary>A grouping value (no aggregate inside): part of the key of an output row.</summary>
    Dimension,

    /// <summary>A plain <c>count(*)</c> or <c>count(x)</c>.</summary>
    Count,

    /// <summary>A plain <c>sum(x)</c>: single-subject contributions are measured.</summary>
    Sum,

    /// <summary>A plain <c>avg(x)</c>: contributions are measured on the sum underneath the mean.</summary>
    Average,

    /// <summary>Any other aggregate (min, max, median, an expression over aggregates …): no contribution evidence.</summary>
    Other,
}

/// <summary>The evidence-role vocabulary and the evidence file's name.</summary>
public static class EvidenceRoles
{
    /// <summary>The names in the evidence file's <c>roles</c> array.</summary>
    public static Vocabulary<EvidenceRole> Vocabulary { get; } = new("evidence role", new Dictionary<EvidenceRole, string>
    {
        [EvidenceRole.Dimension] = "dimension",
        [EvidenceRole.Count] = "count",
        [EvidenceRole.Sum] = "sum",
        [EvidenceRole.Average] = "average",
        [EvidenceRole.Other] = "other",
    });

    /// <summary>What follows an output's name in its evidence file's name (<c>by_district.evidence.json</c>).</summary>
    public const string FileSuffix = ".evidence.json";

    /// <summary>The evidence file of output <paramref name="outputName"/>.</summary>
    public static string FileOf(string outputName) => outputName + FileSuffix;
}
