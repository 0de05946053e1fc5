namespace Sandbox.Policy.Queries.Evidence;

/// <summary>What one column of an aggregate output is, as the evidence rewriter reads the select list.</summary>
public enum OutputColumnRole
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
    OtherAggregate,
}
