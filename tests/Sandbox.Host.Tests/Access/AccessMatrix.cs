using Sandbox.Policy.Access;

namespace Sandbox.Host.Tests.Access;

/// <summary>
/// Who may do what, written down once for the tests (independently of <see cref="AccessRules"/>): one row per
/// action, one column per principal of policies/principals.yaml plus the administrator. The resource is always
/// zijin-credit's (its grant nj-credit-2026, a job and exports zijin-analyst made, the dataset residents only that
/// grant includes), so zijin-analyst is the owning organization's operator and harbor-analyst another organization's.
/// A = allowed, F = refused naming the rule (403), H = answered as if the resource did not exist (404),
/// L = a list: the resource is shown; - = a list: it is left out.
/// </summary>
public static class AccessMatrix
{
    /// <summary>The columns, in the order the rows spell them.</summary>
    public static readonly string[] Principals = ["zijin-analyst", "harbor-analyst", "gov-reviewer", "expert-reviewer", "bureau-officer", "city-auditor", "admin"];

    /// <summary>The rows: a new action without a row fails <see cref="AuthorizationMatrixTests"/>.</summary>
    public static readonly IReadOnlyDictionary<AccessAction, string> Expected = new Dictionary<AccessAction, string>
    {
        //                                        zijin harbor gov expert bureau auditor admin
        [AccessAction.TokenIssue] = "FFFFFFA",
        [AccessAction.ImageBuild] = "FFFFFFA",
        [AccessAction.ServeApi] = "FFFFFFA",
        [AccessAction.PlatformPolicyApply] = "FFFFFFA",
        [AccessAction.PolicyApply] = "FFFFAFF",
        [AccessAction.PolicyApproveLoosening] = "FFFFAFF",
        [AccessAction.TrainingManage] = "FFAFAFF",
        [AccessAction.DatasetImport] = "FFFFAFF",
        [AccessAction.DatasetView] = "AHAAAAA",
        [AccessAction.DatasetClassify] = "FFFFAFF",
        [AccessAction.MaskWithHomeKey] = "FFFFAFF",
        [AccessAction.GrantView] = "AHAAAAA",
        [AccessAction.GrantDecide] = "FHFFAFF",
        [AccessAction.GrantSuspend] = "FHAFAFF",
        [AccessAction.JobRun] = "AHFFFFF",
        [AccessAction.JobView] = "AHAAAAH",
        [AccessAction.JobLogs] = "AHAFFFH",
        [AccessAction.JobCancel] = "AHAFFFA",
        [AccessAction.ExportRequest] = "AHFFFFF",
        [AccessAction.ExportView] = "AHAAAAH",
        [AccessAction.ExportAmend] = "AHFFFFH",
        [AccessAction.ExportReview] = "FHAAAFH",
        [AccessAction.ExportRelease] = "AHAFFFH",
        [AccessAction.BundleDownload] = "AHAFFFH",
        [AccessAction.ModelApply] = "AHFFFFH",
        [AccessAction.RequestFile] = "AHFFFFF",
        [AccessAction.RequestView] = "L-L-LL-",
        [AccessAction.RequestDecide] = "FFFFAFF",
        [AccessAction.QualityReport] = "AHFFFFF",
        [AccessAction.QualityView] = "L-L-LL-",
        [AccessAction.QualityDecide] = "FFFFAFF",
        [AccessAction.MonitorRun] = "FFAFAFF",
        [AccessAction.AlertView] = "FFAFAAF",
        [AccessAction.AlertAcknowledge] = "FFAFAFF",
        [AccessAction.AuditRead] = "LLLFLLL",
        [AccessAction.AuditVerify] = "FFAFAAA",
        [AccessAction.ReportView] = "AFAFAAF",
        [AccessAction.DummyGenerate] = "AHFFFFF",
    };

    /// <summary>What <paramref name="principal"/> should get for <paramref name="action"/>.</summary>
    public static char Of(AccessAction action, string principal) => Expected[action][Array.IndexOf(Principals, principal)];
}
