using Sandbox.Contracts.Jobs;
using Sandbox.Policy.Lifecycle;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Store;

/// <summary>
/// The one door to the control plane (catalog, grants, principals, jobs, exports, reviews, governance records, the
/// hash-chained audit log): typed records in, typed records out, no SQL, connection or transaction outside it.
/// <see cref="ControlStore"/> keeps it in SQLite today; another database can replace it behind this interface.
/// Every write is part of an audited <see cref="Change{T}"/>.
/// </summary>
internal interface IControlStore : IDisposable
{
    /// <summary>The current time of this store's clock.</summary>
    DateTimeOffset Now { get; }

    /// <summary>The signed head of this store's audit log.</summary>
    AuditHead Head { get; }

    /// <summary>
    /// Runs <paramref name="work"/> and appends one audit entry (<paramref name="detail"/> serialized as JSON),
    /// atomically: if <paramref name="work"/> throws, nothing is written.
    /// </summary>
    T Change<T>(string actor, string action, string subject, object detail, Func<IStoreChange, T> work);

    /// <summary>Appends an audit entry with no other change.</summary>
    void Record(string actor, string action, string subject, object detail);

    /// <summary>A read-only view with its own connection, for another thread (a running job's watch); null when the store is gone.</summary>
    IJobSignals? OpenSignals();

    // ---- catalog ----

    /// <summary>A dataset with the bureau's classification overrides applied to its columns, or null.</summary>
    DatasetRecord? FindDataset(string name);

    /// <summary>Every dataset, each with its classification overrides applied.</summary>
    IReadOnlyList<DatasetRecord> ListDatasets();

    /// <summary>Every version of dataset <paramref name="name"/>, oldest first; a dataset imported before history was kept has one.</summary>
    IReadOnlyList<DatasetVersion> ListDatasetVersions(string name);

    // ---- grants, principals, governance ----

    GrantRecord? FindGrant(string id);

    IReadOnlyList<GrantRecord> ListGrants();

    /// <summary>A declared principal, or null.</summary>
    Principal? FindPrincipal(string id);

    /// <summary>Every declared principal, by id.</summary>
    IReadOnlyList<Principal> ListPrincipals();

    /// <summary>The day publicity of a grant began, and its recorded agreement, when there are.</summary>
    (DateOnly? PublicizedOn, Agreement? Agreement) FindLifecycle(string grantId);

    IReadOnlyList<(int Year, string Rating, string Note, string By)> EvaluationsOf(string grantId);

    /// <summary>The text of the applied policy document of <paramref name="kind"/>, or null.</summary>
    string? FindPolicyDocument(string kind);

    /// <summary>A stored policy document's text and the SHA-256 of the file it was applied from, or null.</summary>
    (string Yaml, string Sha256)? FindPolicyDocumentWithHash(string kind);

    IReadOnlyList<(string Principal, string Course, DateOnly Completed, DateOnly ValidUntil)> TrainingOf(string? principal);

    // ---- jobs ----

    JobRecord? FindJob(string id);

    /// <summary>A job's state alone (none of its record decoded), or null: what a waiter polls.</summary>
    JobState? FindJobState(string id);

    IReadOnlyList<JobRecord> ListJobs();

    /// <summary>The jobs not yet ended, each with the process that runs it (null for jobs recorded before owners were).</summary>
    IReadOnlyList<(JobRecord Job, int? Pid, string? Started)> ListActiveJobs();

    /// <summary>
    /// Takes a queued job for this process: true when no process owned it (one insert, so two workers never both win).
    /// Not audited by itself: the change that starts or ends the job is.
    /// </summary>
    bool TryClaimJob(string jobId, int pid, string started);

    /// <summary>What job <paramref name="jobId"/> used, or null when it was not metered (it never ran, or it ran before metering).</summary>
    JobUsage? FindJobUsage(string jobId);

    /// <summary>Every metered job's usage, by job id.</summary>
    IReadOnlyDictionary<string, JobUsage> ListJobUsage();

    /// <summary>What job <paramref name="jobId"/> reads, or null when it was never admitted (or was admitted before this was recorded).</summary>
    JobReads? FindJobReads(string jobId);

    // ---- exports ----

    ExportRecord? FindExport(string id);

    IReadOnlyList<ExportRecord> ListExports();

    IReadOnlyList<ReviewRow> ReviewsOf(string exportId);

    /// <summary>Every fingerprint kept for grant <paramref name="grantId"/>, in the order the exports were requested.</summary>
    IReadOnlyList<CellFingerprint> FingerprintsOf(string grantId);

    /// <summary>Each export with its state exactly as stored (the ledger compares it with the log, tampered or not).</summary>
    IReadOnlyList<(string Id, string StoredState)> ListExportStates();

    // ---- supervision ----

    /// <summary>How many data requests were ever filed (the next id follows from it).</summary>
    long CountDataRequests();

    DataRequest? FindDataRequest(string id);

    IReadOnlyList<DataRequest> ListDataRequests();

    IReadOnlyList<Alert> ListAlerts();

    long CountQualityReports();

    IReadOnlyList<QualityReport> ListQualityReports();

    // ---- images ----

    /// <summary>The record of image <paramref name="name"/> (<c>sandbox/python</c>), or null when none was made.</summary>
    ImageRecord? FindImage(string name);

    /// <summary>Every recorded image, by name.</summary>
    IReadOnlyList<ImageRecord> ListImages();

    // ---- audit log ----

    /// <summary>All entries, oldest first.</summary>
    IReadOnlyList<AuditEntry> ListAudit();

    /// <summary>The entries about <paramref name="subjects"/> and every policy entry (which declares grants and principals), oldest first.</summary>
    IReadOnlyList<AuditEntry> ListAuditAbout(IReadOnlyCollection<string> subjects);
}
