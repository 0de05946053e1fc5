namespace Sandbox.Host.Governance.Requests;

/// <summary>A granted column no SQL job has referenced for the review window: a candidate for narrowing the grant.</summary>
/// <param name="GrantId">The grant.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="Column">The column.</param>
/// <param name="GrantedAt">Since when it is granted (the approval of its request, else the grant's application).</param>
/// <param name="LastUsed">When a job last referenced it, if ever.</param>
internal sealed record UnusedColumn(string GrantId, string Dataset, string Column, DateTimeOffset GrantedAt, DateTimeOffset? LastUsed);
