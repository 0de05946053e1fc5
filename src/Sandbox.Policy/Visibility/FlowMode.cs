namespace Sandbox.Policy.Visibility;

/// <summary>How a column's values reach an expression.</summary>
internal enum FlowMode
{
    /// <summary>The values themselves, possibly transformed (cast, substring, arithmetic …).</summary>
    Value,

    /// <summary>The values as the grouping key of an aggregating query: one per group.</summary>
    Key,

    /// <summary>Only whether a comparison with the values holds.</summary>
    Test,

    /// <summary>Only whether the values equal another column's: a join.</summary>
    Join,

    /// <summary>Summarized by COUNT, SUM, AVG, MIN or MAX.</summary>
    Aggregate,

    /// <summary>A summary of comparisons (<c>sum(case when x &gt; 5 then 1 else 0 end)</c>): counts of rows passing a test.</summary>
    AggregateOfTest,
}
