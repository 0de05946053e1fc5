namespace Sandbox.Host.Store;

/// <summary>A security alert raised by a monitoring rule over the audit log and the jobs (seed §12–13).</summary>
/// <param name="Rule">The rule that raised it: <c>refusal-burst</c>, <c>failed-exports</c>, <c>differencing</c> or <c>job-limits</c>.</param>
/// <param name="Actor">The principal whose behaviour raised it.</param>
/// <param name="Fingerprint">Identifies what the alert is about, so re-running the rules never raises it twice.</param>
/// <param name="Evidence">The audit entries and jobs behind it.</param>
/// <param name="Recommendation"><c>suspend</c> (the grant should be suspended) or <c>review</c>.</param>
/// <param name="Message">What happened, in one line.</param>
internal sealed record Alert(string Rule, string Actor, string Fingerprint, AlertEvidence Evidence, string Recommendation, string Message)
{
    /// <summary>The alert's id once stored, e.g. <c>alert-0001</c>.</summary>
    public string? Id { get; init; }

    /// <summary>When it was raised, once stored.</summary>
    public DateTimeOffset? RaisedAt { get; init; }

    /// <summary>Who dealt with it, how and when; null while it is open.</summary>
    public AlertAcknowledgement? Acknowledged { get; init; }
}
