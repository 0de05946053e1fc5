namespace Sandbox.Policy.Visibility;

/// <summary>How a modelled function carries its inputs' values to its result.</summary>
internal enum FunctionKind
{
    /// <summary>A scalar function or operator: the result is computed from the values and may reveal them.</summary>
    Scalar,

    /// <summary>An aggregate that summarizes a group into one value (COUNT, SUM, AVG, MIN, MAX) given one argument.</summary>
    Summarizing,

    /// <summary>An aggregate that returns input values, a list of them, or a statistic a single row can dominate.</summary>
    Revealing,

    /// <summary>A test (LIKE, <c>contains</c> …): only whether it holds remains.</summary>
    Testing,

    /// <summary>A list function taking a lambda; its lambda's parameters are list elements, never columns.</summary>
    Lambda,

    /// <summary>Repeats rows by its input (<c>unnest</c>): counting the rows reads the input.</summary>
    RowMultiplying,

    /// <summary>Differs row by row whatever its input (<c>random</c>, <c>uuid</c>): a per-row key.</summary>
    PerRow,
}
