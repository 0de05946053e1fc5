namespace Sandbox.Policy.Access;

/// <summary>
/// Everything a principal can ask the platform to do. Each action has exactly one row in
/// <see cref="AccessRules"/>; the CLI and every API route name one of these before they act.
/// </summary>
public enum AccessAction
{
    /// <summary>Issue an API bearer token for a principal.</summary>
    TokenIssue,

    /// <summary>Build the docker backend's job images.</summary>
    ImageBuild,

    /// <summary>Start the HTTP API on this home.</summary>
    ServeApi,

    /// <summary>Apply platform documents: principals and approved images.</summary>
    PlatformPolicyApply,

    /// <summary>Apply data policy: grants, the working calendar, training records.</summary>
    PolicyApply,

    /// <summary>Approve a grant that loosens a level-4 column to <c>keep</c> or <c>plain</c>.</summary>
    PolicyApproveLoosening,

    /// <summary>Record or list security-training records.</summary>
    TrainingManage,

    /// <summary>Import a provider file into the domain (create or replace a dataset).</summary>
    DatasetImport,

    /// <summary>See a dataset's schema and classification.</summary>
    DatasetView,

    /// <summary>Mask a file with the home's masking key (<c>mask apply</c>).</summary>
    MaskWithHomeKey,

    /// <summary>See a grant and its lifecycle.</summary>
    GrantView,

    /// <summary>Walk a grant's lifecycle: review, publicize, activate, reject, resume, terminate, evaluate.</summary>
    GrantDecide,

    /// <summary>Suspend a grant at once (seed §12).</summary>
    GrantSuspend,

    /// <summary>Submit a job under a grant.</summary>
    JobRun,

    /// <summary>See a job: state, limits, output names and sizes.</summary>
    JobView,

    /// <summary>Read a job's (redacted) logs.</summary>
    JobLogs,

    /// <summary>Cancel a queued or running job.</summary>
    JobCancel,

    /// <summary>Request the export of a job's output.</summary>
    ExportRequest,

    /// <summary>See an export: state, checks, reviews.</summary>
    ExportView,

    /// <summary>Withdraw or resubmit one's own export request.</summary>
    ExportAmend,

    /// <summary>Review an export at a stage.</summary>
    ExportReview,

    /// <summary>Write the signed bundle of an approved export.</summary>
    ExportRelease,

    /// <summary>Download a released bundle over the API (the only data that leaves).</summary>
    BundleDownload,

    /// <summary>Apply a released model to a grant's data in a scoring job (<c>predict:</c>).</summary>
    ModelApply,

    /// <summary>File a data request for more columns.</summary>
    RequestFile,

    /// <summary>See data requests.</summary>
    RequestView,

    /// <summary>Decide a data request's columns; list unused columns.</summary>
    RequestDecide,

    /// <summary>File a data-quality report.</summary>
    QualityReport,

    /// <summary>See data-quality reports.</summary>
    QualityView,

    /// <summary>Forward or resolve data-quality reports.</summary>
    QualityDecide,

    /// <summary>Run the monitoring rules.</summary>
    MonitorRun,

    /// <summary>See alerts.</summary>
    AlertView,

    /// <summary>Record that an alert was dealt with, with a note.</summary>
    AlertAcknowledge,

    /// <summary>Read audit entries (operators: only their own).</summary>
    AuditRead,

    /// <summary>Verify the audit chain and the state tables.</summary>
    AuditVerify,

    /// <summary>Override a dataset column's classification (entity and level), with a reason.</summary>
    DatasetClassify,

    /// <summary>See an operator organization's usage, cost and annual operation reports (seed §11, §14).</summary>
    ReportView,

    /// <summary>Generate dummy data shaped like a grant's tables, from aggregates above the export threshold (issue 18).</summary>
    DummyGenerate,
}
