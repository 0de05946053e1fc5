using System.Collections.Frozen;
using Sandbox.Contracts.Principals;

namespace Sandbox.Policy.Access;

/// <summary>
/// Who may do what: one row per <see cref="AccessAction"/>, the only place the platform's permissions are written.
/// Operators act only on their own organization's grants, jobs and exports; the bureau owns policy, grants and
/// datasets; governance and experts review and supervise; auditors read; the administrator sets the platform up and
/// reads no operator's data or outputs.
/// </summary>
public static class AccessRules
{
    private static readonly Role[] Staff = [Role.Governance, Role.Expert, Role.Bureau, Role.Auditor];

    /// <summary>The table; a new action without a row fails <see cref="Authorizer"/> closed and the matrix test.</summary>
    public static FrozenDictionary<AccessAction, IReadOnlyList<AccessRule>> Table { get; } = new Dictionary<AccessAction, IReadOnlyList<AccessRule>>
    {
        [AccessAction.TokenIssue] = [Any(Role.Admin)],
        [AccessAction.ImageBuild] = [Any(Role.Admin)],
        [AccessAction.ServeApi] = [Any(Role.Admin)],
        [AccessAction.PlatformPolicyApply] = [Any(Role.Admin)],
        [AccessAction.PolicyApply] = [Any(Role.Bureau)],
        [AccessAction.PolicyApproveLoosening] = [Any(Role.Bureau)],
        [AccessAction.TrainingManage] = [Any(Role.Governance), Any(Role.Bureau)],
        [AccessAction.DatasetImport] = [Any(Role.Bureau)],
        [AccessAction.DatasetClassify] = [Any(Role.Bureau)],
        [AccessAction.DatasetView] = [.. Staff.Select(Any), Any(Role.Admin), Org()],
        [AccessAction.MaskWithHomeKey] = [Any(Role.Bureau)],
        [AccessAction.GrantView] = [.. Staff.Select(Any), Any(Role.Admin), Org()],
        [AccessAction.GrantDecide] = [Any(Role.Bureau)],
        [AccessAction.GrantSuspend] = [Any(Role.Bureau), Any(Role.Governance)],
        [AccessAction.JobRun] = [Org()],
        [AccessAction.JobView] = [.. Staff.Select(Any), Org()],
        [AccessAction.JobLogs] = [Any(Role.Governance), Org()],
        [AccessAction.JobCancel] = [Any(Role.Governance), Any(Role.Admin), Own()],
        [AccessAction.ExportRequest] = [Org()],
        [AccessAction.ExportView] = [.. Staff.Select(Any), Org()],
        [AccessAction.ExportAmend] = [Own()],
        [AccessAction.ExportReview] = [Any(Role.Governance), Any(Role.Expert), Any(Role.Bureau)],
        [AccessAction.ExportRelease] = [Any(Role.Governance), Org()],
        [AccessAction.BundleDownload] = [Any(Role.Governance), Org()],
        // A released model stays its organization's product: only that organization's staff score data with it.
        [AccessAction.ModelApply] = [Org()],
        [AccessAction.RequestFile] = [Org()],
        [AccessAction.RequestView] = [Any(Role.Bureau), Any(Role.Governance), Any(Role.Auditor), Org()],
        [AccessAction.RequestDecide] = [Any(Role.Bureau)],
        [AccessAction.QualityReport] = [Org()],
        [AccessAction.QualityView] = [Any(Role.Bureau), Any(Role.Governance), Any(Role.Auditor), Own()],
        [AccessAction.QualityDecide] = [Any(Role.Bureau)],
        [AccessAction.MonitorRun] = [Any(Role.Governance), Any(Role.Bureau)],
        [AccessAction.AlertView] = [Any(Role.Governance), Any(Role.Bureau), Any(Role.Auditor)],
        [AccessAction.AlertAcknowledge] = [Any(Role.Governance), Any(Role.Bureau)],
        [AccessAction.AuditRead] = [Any(Role.Auditor), Any(Role.Governance), Any(Role.Bureau), Any(Role.Admin), Own()],
        [AccessAction.AuditVerify] = [Any(Role.Auditor), Any(Role.Governance), Any(Role.Bureau), Any(Role.Admin)],
        // Fees and operation reports: the operator's own staff, and those who bill, supervise and audit it; the
        // administrator runs the platform and reads no operator's business.
        [AccessAction.ReportView] = [Any(Role.Bureau), Any(Role.Governance), Any(Role.Auditor), Org()],
        // Dummy data is for writing the grant's jobs offline: the grant's own operator, as for running them.
        [AccessAction.DummyGenerate] = [Org()],
    }.ToFrozenDictionary();

    /// <summary>
    /// The action that decides whether a principal may know a resource exists. A principal refused an action on a
    /// resource it may not even see is answered exactly as for a resource that does not exist.
    /// </summary>
    public static AccessAction? VisibilityOf(AccessAction action) => action switch
    {
        AccessAction.JobRun or AccessAction.DummyGenerate or AccessAction.GrantView or AccessAction.GrantDecide or AccessAction.GrantSuspend
            or AccessAction.ExportRequest or AccessAction.RequestFile => AccessAction.GrantView,
        AccessAction.JobView or AccessAction.JobLogs or AccessAction.JobCancel => AccessAction.JobView,
        AccessAction.ExportView or AccessAction.ExportAmend or AccessAction.ExportReview or AccessAction.ExportRelease
            or AccessAction.BundleDownload or AccessAction.ModelApply => AccessAction.ExportView,
        AccessAction.DatasetView or AccessAction.QualityReport => AccessAction.DatasetView,
        AccessAction.RequestView => AccessAction.RequestView,
        AccessAction.QualityView => AccessAction.QualityView,
        _ => null,
    };

    /// <summary>The action in words, for refusals: "zijin-analyst may not review exports".</summary>
    public static string Phrase(AccessAction action) => action switch
    {
        AccessAction.TokenIssue => "issue API tokens",
        AccessAction.ImageBuild => "build job images",
        AccessAction.ServeApi => "serve the API",
        AccessAction.PlatformPolicyApply => "apply platform documents (principals, approved images, platform limits)",
        AccessAction.PolicyApply => "apply grants or the working calendar",
        AccessAction.PolicyApproveLoosening => "approve a grant that loosens level-4 columns",
        AccessAction.TrainingManage => "manage training records",
        AccessAction.DatasetImport => "import datasets",
        AccessAction.DatasetClassify => "correct a column's classification",
        AccessAction.DatasetView => "see this dataset",
        AccessAction.MaskWithHomeKey => "mask files with the home's key",
        AccessAction.GrantView => "see this grant",
        AccessAction.GrantDecide => "decide on grants",
        AccessAction.GrantSuspend => "suspend grants",
        AccessAction.JobRun => "run jobs under this grant",
        AccessAction.JobView => "see this job",
        AccessAction.JobLogs => "read this job's logs",
        AccessAction.JobCancel => "cancel this job",
        AccessAction.ExportRequest => "request exports of this job",
        AccessAction.ExportView => "see this export",
        AccessAction.ExportAmend => "withdraw or resubmit this export",
        AccessAction.ExportReview => "review exports",
        AccessAction.ExportRelease => "release this export",
        AccessAction.BundleDownload => "download this release bundle",
        AccessAction.ModelApply => "apply this released model",
        AccessAction.RequestFile => "file data requests for this grant",
        AccessAction.RequestView => "see data requests",
        AccessAction.RequestDecide => "decide data requests",
        AccessAction.QualityReport => "file data-quality reports",
        AccessAction.QualityView => "see data-quality reports",
        AccessAction.QualityDecide => "forward or resolve data-quality reports",
        AccessAction.MonitorRun => "run the security monitor",
        AccessAction.AlertView => "see alerts",
        AccessAction.AlertAcknowledge => "acknowledge alerts",
        AccessAction.AuditRead => "read the audit log",
        AccessAction.AuditVerify => "verify the audit log",
        AccessAction.ReportView => "see this operator's usage and operation reports",
        AccessAction.DummyGenerate => "generate dummy data for this grant",
        _ => action.ToString(),
    };

    private static AccessRule Any(Role role) => new(role, AccessScope.Any);

    private static AccessRule Org() => new(Role.Operator, AccessScope.Organization);

    private static AccessRule Own() => new(Role.Operator, AccessScope.Own);
}
