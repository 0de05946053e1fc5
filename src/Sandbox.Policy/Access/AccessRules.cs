using System.Collections.Frozen;
using Sandbox.Policy.Principals;

namespace Sandbox.Policy.Access;

/// <summary>
/// Who may do what: one row per <see cref="AccessAction"/>, the only place the platform's permissions are written.
/// Operators act only on their own organization's grants, jobs and exports; the bureau owns policy, grants and
/// datasets; governance and experts review and supervise; auditors read; the administrator sets the platform up and
/// reads no operator's data or outputs.
/// </summary>
public static class AccessRules
{
    private static readonly string[] Staff = [PrincipalRoles.Governance, PrincipalRoles.Expert, PrincipalRoles.Bureau, PrincipalRoles.Auditor];

    /// <summary>The table; a new action without a row fails <see cref="Authorizer"/> closed and the matrix test.</summary>
    public static FrozenDictionary<AccessAction, IReadOnlyList<AccessRule>> Table { get; } = new Dictionary<AccessAction, IReadOnlyList<AccessRule>>
    {
        [AccessAction.TokenIssue] = [Any(PrincipalRoles.Admin)],
        [AccessAction.ImageBuild] = [Any(PrincipalRoles.Admin)],
        [AccessAction.ServeApi] = [Any(PrincipalRoles.Admin)],
        [AccessAction.PlatformPolicyApply] = [Any(PrincipalRoles.Admin)],
        [AccessAction.PolicyApply] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.PolicyApproveLoosening] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.TrainingManage] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau)],
        [AccessAction.DatasetImport] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.DatasetClassify] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.DatasetView] = [.. Staff.Select(Any), Any(PrincipalRoles.Admin), Org()],
        [AccessAction.MaskWithHomeKey] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.GrantView] = [.. Staff.Select(Any), Any(PrincipalRoles.Admin), Org()],
        [AccessAction.GrantDecide] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.GrantSuspend] = [Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Governance)],
        [AccessAction.JobRun] = [Org()],
        [AccessAction.JobView] = [.. Staff.Select(Any), Org()],
        [AccessAction.JobLogs] = [Any(PrincipalRoles.Governance), Org()],
        [AccessAction.JobCancel] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Admin), Own()],
        [AccessAction.ExportRequest] = [Org()],
        [AccessAction.ExportView] = [.. Staff.Select(Any), Org()],
        [AccessAction.ExportAmend] = [Own()],
        [AccessAction.ExportReview] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Expert), Any(PrincipalRoles.Bureau)],
        [AccessAction.ExportRelease] = [Any(PrincipalRoles.Governance), Org()],
        [AccessAction.BundleDownload] = [Any(PrincipalRoles.Governance), Org()],
        [AccessAction.RequestFile] = [Org()],
        [AccessAction.RequestView] = [Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Governance), Any(PrincipalRoles.Auditor), Org()],
        [AccessAction.RequestDecide] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.QualityReport] = [Org()],
        [AccessAction.QualityView] = [Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Governance), Any(PrincipalRoles.Auditor), Own()],
        [AccessAction.QualityDecide] = [Any(PrincipalRoles.Bureau)],
        [AccessAction.MonitorRun] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau)],
        [AccessAction.AlertView] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Auditor)],
        [AccessAction.AlertAcknowledge] = [Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau)],
        [AccessAction.AuditRead] = [Any(PrincipalRoles.Auditor), Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Admin), Own()],
        [AccessAction.AuditVerify] = [Any(PrincipalRoles.Auditor), Any(PrincipalRoles.Governance), Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Admin)],
        // Fees and operation reports: the operator's own staff, and those who bill, supervise and audit it; the
        // administrator runs the platform and reads no operator's business.
        [AccessAction.ReportView] = [Any(PrincipalRoles.Bureau), Any(PrincipalRoles.Governance), Any(PrincipalRoles.Auditor), Org()],
    }.ToFrozenDictionary();

    /// <summary>
    /// The action that decides whether a principal may know a resource exists. A principal refused an action on a
    /// resource it may not even see is answered exactly as for a resource that does not exist.
    /// </summary>
    public static AccessAction? VisibilityOf(AccessAction action) => action switch
    {
        AccessAction.JobRun or AccessAction.GrantView or AccessAction.GrantDecide or AccessAction.GrantSuspend
            or AccessAction.ExportRequest or AccessAction.RequestFile => AccessAction.GrantView,
        AccessAction.JobView or AccessAction.JobLogs or AccessAction.JobCancel => AccessAction.JobView,
        AccessAction.ExportView or AccessAction.ExportAmend or AccessAction.ExportReview or AccessAction.ExportRelease
            or AccessAction.BundleDownload => AccessAction.ExportView,
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
        _ => action.ToString(),
    };

    private static AccessRule Any(string role) => new(role, AccessScope.Any);

    private static AccessRule Org() => new(PrincipalRoles.Operator, AccessScope.Organization);

    private static AccessRule Own() => new(PrincipalRoles.Operator, AccessScope.Own);
}
