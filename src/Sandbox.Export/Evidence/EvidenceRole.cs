namespace Sandbox.Export.Evidence;

/// <summary>What one output column is, as the evidence of a SQL output says.</summary>
public enum EvidenceRole
{
    /// <summary>A grouping value: part of the key of an output row.</summary>
    Dimension,

    /// <summary>A count.</summary>
    Count,

    /// <summary>A sum: contributions are in the evidence.</summary>
    Sum,

    /// <summary>A mean: contributions to the sum underneath are in the evidence.</summary>
    Average,

    /// <summary>Another aggregate (min, max, median, an expression): no contribution evidence.</summary>
    Other,
}
