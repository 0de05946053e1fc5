namespace Sandbox.Host.Store;

/// <summary>
/// An operator's request for more columns of one dataset under a grant (seed §7), with the justification that
/// shows they are the minimum necessary; the bureau decides each column.
/// </summary>
/// <param name="Id">The request's id, e.g. <c>req-0001</c>.</param>
/// <param name="GrantId">The grant to widen.</param>
/// <param name="Dataset">The dataset the columns belong to.</param>
/// <param name="Justification">Why the columns are needed for the grant's scenario.</param>
/// <param name="FiledBy">The operator principal who filed it.</param>
/// <param name="FiledAt">When it was filed.</param>
/// <param name="Columns">The requested columns and the bureau's decision on each.</param>
internal sealed record DataRequest(
    string Id, string GrantId, string Dataset, string Justification, string FiledBy, DateTimeOffset FiledAt,
    IReadOnlyList<RequestedColumn> Columns)
{
    /// <summary><c>pending</c> while a column awaits its decision, else <c>decided</c>.</summary>
    public string State => Columns.Any(c => c.Decision == RequestedColumn.Pending) ? "pending" : "decided";
}
