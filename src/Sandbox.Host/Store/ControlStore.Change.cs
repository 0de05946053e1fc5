using Microsoft.Data.Sqlite;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Store;

/// <summary>The writes of one audited change, each in the change's SQLite transaction.</summary>
internal sealed partial class ControlStore
{
    private sealed class SqliteChange(ControlStore store, SqliteTransaction tx) : IStoreChange
    {
        public bool PutDatasetVersion(DatasetRecord dataset, DatasetRecord? previous, string importer, out string? current) =>
            store.PutDatasetVersion(tx, dataset, previous, importer, out current);

        public void PutColumnClassification(string dataset, string column, string? entity, int level, string reason, string actor) =>
            store.PutColumnClassification(tx, dataset, column, entity, level, reason, actor);

        public void PutGrant(GrantRecord grant) => store.PutGrant(tx, grant);

        public void SetGrantState(string grantId, GrantState state) => store.SetGrantState(tx, grantId, state);

        public void ReplacePrincipals(IEnumerable<Principal> principals) => store.ReplacePrincipals(tx, principals);

        public void SetPublicized(string grantId, DateOnly day) => store.SetPublicized(tx, grantId, day);

        public void SetAgreement(string grantId, Agreement agreement) => store.SetAgreement(tx, grantId, agreement);

        public void PutEvaluation(string grantId, int year, string rating, string note, string by) =>
            store.PutEvaluation(tx, grantId, year, rating, note, by);

        public void PutPolicyDocument(string kind, string text, string sourceFile, string sha256) =>
            store.PutPolicyDocument(tx, kind, text, sourceFile, sha256);

        public void PutTraining(string principal, string course, DateOnly completed, DateOnly validUntil, string recordedBy) =>
            store.PutTraining(tx, principal, course, completed, validUntil, recordedBy);

        public void PutJob(JobRecord job) => store.PutJob(tx, job);

        public void PutJobOwner(string jobId, int pid, string started) => store.PutJobOwner(tx, jobId, pid, started);

        public void ReleaseJobOwner(string jobId) => store.ReleaseJobOwner(tx, jobId);

        public void PutJobCancellation(string jobId, string by) => store.PutJobCancellation(tx, jobId, by);

        public void PutJobUsage(string jobId, JobUsage usage) => store.PutJobUsage(tx, jobId, usage);

        public void PutJobReads(string jobId, JobReads reads) => store.PutJobReads(tx, jobId, reads);

        public void PutExport(ExportRecord export) => store.PutExport(tx, export);

        public void AddReview(ReviewRow review) => store.AddReview(tx, review);

        public void AddFingerprints(string grantId, IReadOnlyList<CellFingerprint> fingerprints) => store.AddFingerprints(tx, grantId, fingerprints);

        public IReadOnlyList<string> FreezeExports(string grantId, string reason) => store.FreezeExports(tx, grantId, reason);

        public IReadOnlyList<string> ThawExports(string grantId) => store.ThawExports(tx, grantId);

        public void AddDataRequest(DataRequest request) => store.AddDataRequest(tx, request);

        public void DecideRequestedColumn(string requestId, string column, string decision, string note, string by) =>
            store.DecideRequestedColumn(tx, requestId, column, decision, note, by);

        public bool AddAlert(Alert alert) => store.AddAlert(tx, alert);

        public bool AcknowledgeAlert(string alertId, AlertAcknowledgement ack) => store.AcknowledgeAlert(tx, alertId, ack);

        public void PutQualityReport(QualityReport report) => store.PutQualityReport(tx, report);

        public void PutImage(ImageRecord image) => store.PutImage(tx, image);
    }
}
