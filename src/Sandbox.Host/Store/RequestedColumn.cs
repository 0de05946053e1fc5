namespace Sandbox.Host.Store;

/// <summary>One column of a data request and the bureau's decision on it.</summary>
/// <param name="Column">The column's name.</param>
/// <param name="Decision"><c>pending</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="Note">The bureau's note, once decided.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
internal sealed record RequestedColumn(string Column, string Decision, string? Note, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    /// <summary>A column awaiting its decision.</summary>
    public const string Pending = "pending";

    /// <summary>A column the bureau approved: the grant was widened with it.</summary>
    public const string Approved = "approved";

    /// <summary>A column the bureau rejected.</summary>
    public const string Rejected = "rejected";
}
