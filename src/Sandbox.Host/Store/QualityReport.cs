namespace Sandbox.Host.Store;

/// <summary>
/// A data-quality problem an operator found in a dataset (seed §13): filed, forwarded by the bureau to the
/// provider with a deadline, then resolved.
/// </summary>
/// <param name="Id">The report's id, e.g. <c>dq-0001</c>.</param>
/// <param name="Dataset">The dataset concerned.</param>
/// <param name="Column">The column concerned, if one.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="FiledBy">The operator principal who filed it.</param>
/// <param name="FiledAt">When.</param>
/// <param name="State"><c>filed</c>, <c>forwarded</c> or <c>resolved</c>.</param>
internal sealed record QualityReport(string Id, string Dataset, string? Column, string Problem, string FiledBy, DateTimeOffset FiledAt, string State)
{
    /// <summary>The data provider it was forwarded to.</summary>
    public string? Provider { get; init; }

    /// <summary>The last day the provider has to fix it.</summary>
    public DateOnly? Deadline { get; init; }

    /// <summary>Who forwarded it.</summary>
    public string? ForwardedBy { get; init; }

    /// <summary>How it was resolved.</summary>
    public string? Resolution { get; init; }

    /// <summary>Who resolved it.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>When.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>True when it was forwarded, is not resolved, and its deadline has passed by <paramref name="today"/>.</summary>
    public bool IsOverdue(DateOnly today) => State == "forwarded" && Deadline is { } deadline && today > deadline;
}
