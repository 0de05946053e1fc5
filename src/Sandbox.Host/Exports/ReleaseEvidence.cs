using Sandbox.Export.Release;
using Sandbox.Export.Review;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Exports;

/// <summary>
/// What a release is built from: the export's review entries in the audit log, replayed through the review rules,
/// never the state column alone. A release is refused when the log does not verify, when the log refuses one of the
/// export's entries, when the stored state of the export or of its grant is not the one the log implies, or when the
/// log implies the grant is not active.
/// </summary>
/// <param name="Refusal">Why the export may not be released on this evidence, in one sentence; null when it may.</param>
/// <param name="Reviews">Every review the log records for the export, of every round, for the manifest.</param>
/// <param name="Round">The review round the log implies.</param>
internal sealed record ReleaseEvidence(string? Refusal, IReadOnlyList<ManifestReview> Reviews, int Round)
{
    /// <summary>Replays the log for <paramref name="export"/> and compares it with the store.</summary>
    public static ReleaseEvidence Of(SandboxSession session, ExportRecord export, ExportDocument document)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(document);
        var store = session.Store;

        // 1. The log is intact: hash chain and signed head.
        if (AuditLog.Verify(store) is [var broken, ..])
        {
            return Refuse($"the audit log does not verify ({broken}), so it proves no review");
        }

        // 2. The grant's stored state is the one its entries imply.
        var grantId = store.FindJob(export.JobId)?.GrantId;
        var ledger = StateLedger.Of(store, grantId is null ? [export.Id] : [export.Id, grantId], _ => document.CrossBorder);
        if (grantId is not null && store.FindGrant(grantId) is { } grant && ledger.GrantProblem(grantId, grant.State.Name()) is { } tampered)
        {
            return Refuse(tampered);
        }

        // A stopped grant freezes its exports (seed §12); the log says so even when the frozen mark was cleared.
        if (grantId is not null && ledger.Grants.GetValueOrDefault(grantId) is { } grantState && grantState != GrantState.Active.Name())
        {
            return Refuse($"grant {grantId} is {grantState} by its audit entries, so its exports stay frozen");
        }

        // 3. Every entry of the export counts under the review rules, and they lead to the stored state.
        if (ledger.Exports.GetValueOrDefault(export.Id) is not { State: { } logged } history)
        {
            return Refuse($"export {export.Id}: stored as {export.State}, but the audit log records no request for it");
        }

        if (history.Problems.Count > 0)
        {
            return Refuse(history.Problems[0]);
        }

        if (logged != export.State)
        {
            return Refuse($"export {export.Id}: stored as {export.State}, but its audit entries imply {logged} ({Describe(history)})");
        }

        return new ReleaseEvidence(null, [.. history.Reviews.Select(r => r.ToManifest())], history.Round);
    }

    private static ReleaseEvidence Refuse(string reason) => new(reason, [], 0);

    private static string Describe(ExportHistory history)
    {
        var approvals = history.Reviews.Where(r => r.Round == history.Round && r.Action == ReviewAction.Approve).ToList();
        return approvals.Count == 0
            ? "no review entry approves it"
            : $"approved only by {string.Join(", ", approvals.Select(r => $"{r.Principal} ({r.Stage})"))}";
    }
}
