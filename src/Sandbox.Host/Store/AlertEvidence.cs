namespace Sandbox.Host.Store;

/// <summary>What an alert is based on.</summary>
/// <param name="AuditSeqs">Sequence numbers of the audit entries.</param>
/// <param name="Jobs">Ids of the jobs.</param>
/// <param name="Grants">The grants concerned (the ones a <c>suspend</c> recommendation is about).</param>
internal sealed record AlertEvidence(IReadOnlyList<long> AuditSeqs, IReadOnlyList<string> Jobs, IReadOnlyList<string> Grants);
