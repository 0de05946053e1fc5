using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Store;

/// <summary>
/// The writes of one audited change (<see cref="IControlStore.Change{T}"/>): each runs in the change's transaction,
/// which also appends its audit entry, so a crash leaves neither half. There is no other way to write the store.
/// </summary>
internal interface IStoreChange
{
    // ---- catalog ----

    /// <summary>
    /// Makes <paramref name="dataset"/> the dataset's current version and appends it to its history; a home older than
    /// the history first records <paramref name="previous"/> (its importer unknown). False, with nothing written, when
    /// another import of the name committed meanwhile: <paramref name="current"/> is then its content hash (null: none).
    /// </summary>
    bool PutDatasetVersion(DatasetRecord dataset, DatasetRecord? previous, string importer, out string? current);

    /// <summary>Records (or replaces) the bureau's classification of <paramref name="dataset"/>.<paramref name="column"/>.</summary>
    void PutColumnClassification(string dataset, string column, string? entity, int level, string reason, string actor);

    // ---- grants, principals, policy documents ----

    /// <summary>Stores an applied grant (a grant applied again keeps its state).</summary>
    void PutGrant(GrantRecord grant);

    void SetGrantState(string grantId, GrantState state);

    /// <summary>Replaces every declared principal.</summary>
    void ReplacePrincipals(IEnumerable<Principal> principals);

    void SetPublicized(string grantId, DateOnly day);

    void SetAgreement(string grantId, Agreement agreement);

    void PutEvaluation(string grantId, int year, string rating, string note, string by);

    /// <summary>Stores the applied policy document of <paramref name="kind"/> (its text as applied) with its source and hash.</summary>
    void PutPolicyDocument(string kind, string text, string sourceFile, string sha256);

    void PutTraining(string principal, string course, DateOnly completed, DateOnly validUntil, string recordedBy);

    // ---- jobs ----

    void PutJob(JobRecord job);

    /// <summary>Records which host process runs a job (pid and start time), for reconciliation after a crash.</summary>
    void PutJobOwner(string jobId, int pid, string started);

    /// <summary>Gives a job back to the queue: its owner (a worker that died before running it) is forgotten.</summary>
    void ReleaseJobOwner(string jobId);

    /// <summary>Records that <paramref name="by"/> asked to cancel a job; the process running it sees the request and stops it.</summary>
    void PutJobCancellation(string jobId, string by);

    /// <summary>Records what job <paramref name="jobId"/> used; a job is metered once (a second record is ignored).</summary>
    void PutJobUsage(string jobId, JobUsage usage);

    /// <summary>Records what job <paramref name="jobId"/> reads; a job is admitted once (a second record is ignored).</summary>
    void PutJobReads(string jobId, JobReads reads);

    // ---- exports ----

    void PutExport(ExportRecord export);

    void AddReview(ReviewRow review);

    /// <summary>Keeps the fingerprints of one export's cells under its grant.</summary>
    void AddFingerprints(string grantId, IReadOnlyList<CellFingerprint> fingerprints);

    /// <summary>Freezes the grant's exports that are still under way (not released, rejected or withdrawn); returns their ids.</summary>
    IReadOnlyList<string> FreezeExports(string grantId, string reason);

    /// <summary>Thaws the grant's frozen exports; returns their ids.</summary>
    IReadOnlyList<string> ThawExports(string grantId);

    // ---- supervision ----

    void AddDataRequest(DataRequest request);

    void DecideRequestedColumn(string requestId, string column, string decision, string note, string by);

    /// <summary>Stores <paramref name="alert"/> (with its id and time set) unless one with its fingerprint exists; true when stored.</summary>
    bool AddAlert(Alert alert);

    /// <summary>Records that <paramref name="ack"/>'s principal has dealt with alert <paramref name="alertId"/>; false when it was already.</summary>
    bool AcknowledgeAlert(string alertId, AlertAcknowledgement ack);

    void PutQualityReport(QualityReport report);

    // ---- images ----

    /// <summary>Records (or replaces) the trusted ID of an image.</summary>
    void PutImage(ImageRecord image);
}
