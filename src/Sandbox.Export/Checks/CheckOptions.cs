namespace Sandbox.Export.Checks;

/// <summary>The limits the disclosure rules apply to one output.</summary>
public sealed record CheckOptions
{
    /// <summary>The smallest count a published cell may rest on (k of the threshold rule).</summary>
    public int Threshold { get; init; } = 10;

    /// <summary>
    /// Zero-based ordinals of the columns known to hold group counts (from SQL evidence).
    /// Null or empty: nothing is known, and the threshold rule asks for review.
    /// </summary>
    public IReadOnlyList<int>? CountColumnOrdinals { get; init; }

    /// <summary>The largest output file, in bytes (16 MiB by default).</summary>
    public long MaxBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The most data rows a table may have (the header not counted).</summary>
    public int MaxRows { get; init; } = 5000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threshold, 1, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytes, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRows, nameof(MaxRows));
    }
}
