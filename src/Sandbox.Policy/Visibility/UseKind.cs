namespace Sandbox.Policy.Visibility;

/// <summary>Where an expression's value goes.</summary>
internal enum UseKind
{
    /// <summary>Shown: the select list of the outermost query, and ORDER BY (an order reveals ranks).</summary>
    Output,

    /// <summary>Decides which rows pass: WHERE, ON, HAVING, QUALIFY, FILTER.</summary>
    Filter,

    /// <summary>Partitions rows: GROUP BY, PARTITION BY, DISTINCT.</summary>
    Group,
}
