using System.Reflection;

namespace Sandbox.Contracts.Audit;

/// <summary>
/// Every action name the audit log records: the one place they are spelled. The monitor, the state ledger and the
/// release proof match entries by these names, so a name written anywhere else would drift silently;
/// <c>VocabularySpellingTests</c> fails the build's tests when one is.
/// </summary>
public static class AuditActions
{
    // ---- the home and its platform ----
    public const string HomeInit = "home.init";
    public const string PolicyApply = "policy.apply";
    public const string TokenIssue = "token.issue";
    public const string TokenRevoke = "token.revoke";
    public const string ImageBuild = "image.build";
    public const string ImageRecord = "image.record";
    public const string TrainingRecord = "training.record";
    public const string MaskApply = "mask.apply";

    // ---- datasets ----
    public const string DatasetImport = "dataset.import";
    public const string DatasetReplace = "dataset.replace";
    public const string DatasetClassify = "dataset.classify";
    public const string QualityReport = "quality.report";
    public const string QualityForward = "quality.forward";
    public const string QualityResolve = "quality.resolve";

    // ---- grants ----
    public const string GrantReview = "grant.review";
    public const string GrantPublicize = "grant.publicize";
    public const string GrantActivate = "grant.activate";
    public const string GrantReject = "grant.reject";
    public const string GrantSuspend = "grant.suspend";
    public const string GrantResume = "grant.resume";
    public const string GrantTerminate = "grant.terminate";
    public const string GrantExpire = "grant.expire";
    public const string GrantEvaluate = "grant.evaluate";
    public const string RequestFile = "request.file";
    public const string RequestApprove = "request.approve";
    public const string RequestReject = "request.reject";

    // ---- the data plane ----
    public const string MaterializationBuild = "materialization.build";
    public const string MaterializationDelete = "materialization.delete";

    // ---- jobs ----
    public const string JobSubmit = "job.submit";
    public const string JobRefuse = "job.refuse";
    public const string JobStage = "job.stage";
    public const string JobStart = "job.start";
    public const string JobFinish = "job.finish";
    public const string JobCancel = "job.cancel";
    public const string JobCancelRequest = "job.cancel-request";
    public const string JobKill = "job.kill";
    public const string JobReconcile = "job.reconcile";
    public const string JobLogsRead = "job.logs.read";
    public const string DummyGenerate = "dummy.generate";
    public const string WorkspaceDelete = "workspace.delete";

    // ---- exports ----
    public const string ExportRequest = "export.request";
    public const string ExportReview = "export.review";
    public const string ExportReviewed = "export.reviewed";
    public const string ExportResubmit = "export.resubmit";
    public const string ExportWithdraw = "export.withdraw";
    public const string ExportReset = "export.reset";
    public const string ExportRelease = "export.release";
    public const string ExportDownload = "export.download";
    public const string ExportFreeze = "export.freeze";
    public const string ExportThaw = "export.thaw";

    // ---- reports ----
    public const string ReportUsage = "report.usage";
    public const string ReportAnnual = "report.annual";

    // ---- supervision ----
    public const string AlertRaise = "alert.raise";
    public const string AlertAcknowledge = "alert.acknowledge";

    /// <summary>The suffix of an entry that records a refused attempt at <c>action</c>.</summary>
    public const string RefusedSuffix = ".refused";

    /// <summary>Every action name above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(RefusedSuffix)).Select(f => (string)f.GetRawConstantValue()!)];

    /// <summary>The entry for a refused <paramref name="action"/> (<c>export.release.refused</c>).</summary>
    public static string Refused(string action) => action + RefusedSuffix;

    /// <summary>True for an entry that records a refusal.</summary>
    public static bool IsRefusal(string action) => action.EndsWith(RefusedSuffix, StringComparison.Ordinal);

    /// <summary>The subject area an action belongs to (<c>export.release</c> → <c>export</c>).</summary>
    public static string AreaOf(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? action : action[..dot];
    }

    /// <summary>The verb of an action, as a refusal message says it (<c>export.release</c> → <c>release</c>).</summary>
    public static string VerbOf(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? action : action[(dot + 1)..];
    }

    /// <summary>The entry for a grant lifecycle action by its verb (<c>suspend</c> → <c>grant.suspend</c>); unknown verbs fail.</summary>
    public static string Grant(string verb)
    {
        var name = "grant." + verb;
        return All.Contains(name) ? name : throw new ArgumentOutOfRangeException(nameof(verb), verb, "not a grant lifecycle action");
    }
}
