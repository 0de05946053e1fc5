using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Export.Checks;
using Sandbox.Export.Mitigation;
using Sandbox.Export.Release;
using Sandbox.Export.Review;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Exports;

/// <summary>The only door out of the domain: request (automatic checks), reviews, signed release.</summary>
public static class ExportService
{
    /// <summary>Checks one output of a finished job, mitigates it if asked, and records the export request.</summary>
    public static (ExportRecord Export, CheckReport Report) Request(SandboxSession session, string jobId, string output, MitigationKind? mitigate = null,
        TextWriter? progress = null)
    {
        // An operator's staff may export only what was computed under their own organization's grant.
        var notFound = new LocalMessage("error.no-job", ("field", "JOB"), ("id", jobId));
        var job = session.Store.FindJob(jobId) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.ExportRequest, Resources.Job(session, job), notFound);
        if (job.State != JobState.Succeeded) throw new ConflictException(new LocalMessage("error.export.job-not-succeeded", ("id", jobId), ("state", job.State.Name())));
        var grantRecord = session.Store.FindGrant(job.GrantId);
        if (grantRecord is null || grantRecord.State != GrantState.Active)
        {
            var state = grantRecord?.State.Name() ?? "gone";
            throw new ConflictException(new LocalMessage("error.export.grant-inactive", ("grant", job.GrantId), ("state", EnglishShapes.Read(state) ?? (object)state)));
        }
        // Every output is asked for by its own name: a SQL job's by its query's name (`by_district`, or `by_district.csv`),
        // a container's or an ml job's by its file name (`summary.csv`, `model.zip`). Evidence files are never outputs.
        var file = Exportable(job, output)
            ?? (output.EndsWith(".csv", StringComparison.Ordinal) ? Exportable(job, output[..^4]) : null)
            ?? throw new InputException(new LocalMessage("error.export.no-output", ("id", jobId), ("output", output), ("outputs", string.Join(", ", job.Outputs.Select(o => o.Name)))));
        var name = file.Name;

        // 1. Automatic checks, exact where the runner left evidence.
        var (options, policy) = ExportChecks.For(session, job, name, file.Path, progress);
        var report = WithCompanions(job, file.Path, ExportChecks.Run(file.Path, options), options);
        var id = session.NewId("exp");

        // 2. Mitigation writes a new file; the unmitigated report stays in the record and the audit log.
        string path = file.Path;
        CheckReport? unmitigated = null;
        if (mitigate is { } kind)
        {
            if (FileRuleType(file.Path) != "csv") throw new InputException(new LocalMessage("error.export.mitigate-csv", ("file", Path.GetFileName(file.Path))));
            path = Path.Combine(Path.GetDirectoryName(file.Path)!, $"{name}.{OutputMitigation.Text(kind)}-{id}.csv");
            int changed = OutputMitigation.Apply(file.Path, report, options, kind, path);
            unmitigated = report;
            var mitigated = ExportChecks.Run(path, options);
            report = CheckReport.From([.. mitigated.Checks, OutputMitigation.Finding(kind, changed)]);
        }

        // 3. Differencing: each published cell against every cell of the grant's earlier exports, by subject-set fingerprints.
        var fingerprints = ExportDifferencing.Fingerprints(id, path, options.Evidence, options.Threshold);
        report = CheckReport.From([.. report.Checks, ExportDifferencing.Check(fingerprints, session.Store.FingerprintsOf(job.GrantId), options)]);

        // 4. Record the request with its verdict, and keep its fingerprints for later requests.
        var grant = session.Store.FindGrant(job.GrantId)!.Grant;
        var now = session.Time.GetUtcNow();
        var sha256 = FileHash.Sha256Of(path);
        var document = new ExportDocument(report, policy.Sha256, mitigate is { } k ? OutputMitigation.Text(k) : null, unmitigated,
            unmitigated is null ? null : FileHash.Sha256Of(file.Path), 1, now, grant.Operator.Foreign, 0, sha256);
        var export = new ExportRecord(id, jobId, name, path, sha256, session.Actor,
            now, ExportState.Checked, document, null, null);
        session.Store.Change(session.Actor, AuditActions.ExportRequest, export.Id,
            new
            {
                job = jobId,
                output = name,
                sha256 = export.Sha256,
                verdict = report.Verdict,
                policy = policy.Sha256,
                checks = report.Checks.Select(c => new { c.Rule, c.Status }),
                mitigation = document.Mitigation,
                unmitigated = unmitigated is null ? null : new { verdict = unmitigated.Verdict, sha256 = document.UnmitigatedSha256, checks = unmitigated.Checks.Select(c => new { c.Rule, c.Status }) },
            },
            tx =>
            {
                tx.PutExport(export);
                tx.AddFingerprints(job.GrantId, fingerprints);
                return 0;
            });
        return (export, report);
    }

    /// <summary>Records one review decision if the review rules allow it.</summary>
    public static ExportRecord Review(SandboxSession session, string exportId, ReviewStage stage, ReviewAction action, string note)
    {
        var export = FindUnfrozen(session, exportId, AuditActions.ExportReview);
        var document = export.Document;
        ResetIfChanged(session, export, document);
        var outcome = ReviewRules.Decide(export.State, export.RequestedBy, document.Report.Verdict, CurrentReviews(session, export, document),
            session.Actor, session.ActorRoles.ToList(), stage, action, note, document.CrossBorder);
        var next = Apply(session, export, outcome, AuditActions.ExportReview, new { stage, action, note, overridesFail = action == ReviewAction.Approve && document.Report.Verdict == CheckStatus.Fail });
        session.Store.Change(session.Actor, AuditActions.ExportReviewed, exportId, new { stage, action, state = outcome.NewState }, tx =>
        {
            tx.AddReview(new ReviewRow(exportId, session.Actor, stage.ToString(), action.ToString(), note, session.Time.GetUtcNow()));
            return 0;
        });
        return next;
    }

    /// <summary>The requester withdraws the export.</summary>
    public static ExportRecord Withdraw(SandboxSession session, string exportId)
    {
        var export = Find(session, exportId, AccessAction.ExportAmend);
        return Apply(session, export, ReviewRules.Withdraw(export.State, export.RequestedBy, session.Actor), AuditActions.ExportWithdraw, new { });
    }

    /// <summary>The requester resubmits a returned export: it is checked again and its reviews start over.</summary>
    public static (ExportRecord Export, CheckReport Report) Resubmit(SandboxSession session, string exportId)
    {
        var export = FindUnfrozen(session, exportId, AuditActions.ExportResubmit);
        var outcome = ReviewRules.Resubmit(export.State, export.RequestedBy, session.Actor);
        if (!outcome.Allowed) Apply(session, export, outcome, AuditActions.ExportResubmit, new { });
        var (rechecked, document) = Recheck(session, export, export.Document);
        session.Store.Change(session.Actor, AuditActions.ExportResubmit, exportId,
            new { sha256 = rechecked.Sha256, verdict = document.Report.Verdict, round = document.Round, checks = document.Report.Checks.Select(c => new { c.Rule, c.Status }) },
            tx => { tx.PutExport(rechecked); return 0; });
        return (rechecked, document.Report);
    }

    /// <summary>Writes the signed bundle of an approved export, with its product registration record.</summary>
    public static (ExportRecord Export, string BundleDirectory) Release(SandboxSession session, string exportId, string? toDirectory, string? productName = null)
    {
        var export = FindUnfrozen(session, exportId, AuditActions.ExportRelease);
        var document = export.Document;
        // The reviews come from the audit log, replayed through the review rules; the state column must agree with it.
        var evidence = ReleaseEvidence.Of(session, export, document);
        if (evidence.Refusal is { } inconsistent)
        {
            session.Store.Record(session.Actor, AuditActions.Refused(AuditActions.ExportRelease), exportId, new { reason = inconsistent });
            throw new RefusedException($"release refused: {inconsistent}", new LocalMessage("error.export.release-refused", ("reason", Shaped(inconsistent))));
        }

        var outcome = ReviewRules.Release(export.State);
        if (!outcome.Allowed)
        {
            session.Store.Record(session.Actor, AuditActions.Refused(AuditActions.ExportRelease), exportId, new { reason = outcome.Reason });
            throw new ConflictException(new LocalMessage("error.export.release-refused", ("reason", Shaped(outcome.Reason!))));
        }

        ResetIfChanged(session, export, document);
        var job = session.Store.FindJob(export.JobId)!;
        var grantRecord = session.Store.FindGrant(job.GrantId)!;
        var grant = grantRecord.Grant;
        var spec = job.Spec;
        var reads = Jobs.JobReading.Of(session, job);
        var sources = new[] { reads.Of(export.Output), spec.Ml is null ? null : reads.Of(Jobs.MlJobAdmission.TrainingQuery) }.OfType<QueryReads>();
        var datasets = sources.SelectMany(q => q.Tables).Distinct()
            .Select(n => session.Store.FindDataset(n)).OfType<DatasetRecord>()
            .Select(d => new ManifestDataset(d.Name, d.Sha256)).ToList();

        // A model leaves with its card, its metrics and the gate's evidence, which the reviewers judged with it.
        var companions = ModelCompanions(job, export.Path);
        var releaseId = session.NewId("rel");
        var manifest = new ReleaseManifest
        {
            ReleaseId = releaseId,
            ExportId = export.Id,
            JobId = job.Id,
            GrantId = grant.Id,
            Output = export.Output,
            Datasets = datasets,
            PolicySha256 = grantRecord.Sha256,
            ExportPolicySha256 = document.PolicySha256,
            Checks = document.Report,
            Mitigation = document.Mitigation,
            UnmitigatedChecks = document.Unmitigated,
            Reviews = evidence.Reviews,
            ReviewRound = evidence.Round,
            CrossBorder = document.CrossBorder,
            RequestedBy = export.RequestedBy,
            RequestedAt = export.RequestedAt,
            ReleasedAt = session.Time.GetUtcNow(),
            PublicKey = session.PublicKeyHex,
        };
        var registration = new ProductRegistration
        {
            ProductName = string.IsNullOrWhiteSpace(productName) ? $"{grant.Scenario}: {export.Output}" : productName.Trim(),
            OperatorId = grant.Operator.Id,
            OperatorName = grant.Operator.Name,
            OperatorForeign = grant.Operator.Foreign,
            GrantId = grant.Id,
            Scenario = grant.Scenario,
            Sources = datasets,
            Kind = companions.Count > 0 ? "model" : "data",
            ModelCard = companions.Count > 0 ? Sandbox.Runner.Ml.MlJobExecutor.CardFile : null,
        };
        var bundle = Path.Combine(toDirectory ?? session.Home.BundlesDirectory, releaseId);
        // From the bundle's first byte to the export recorded as released, the release lock is held: the reconciler,
        // which removes bundles no export names, takes it too, so it never removes one about to be recorded.
        using var releasing = ExportReconciler.ReleaseLock(session.Home);
        var manifestSha = ReleaseBundle.Write(bundle, [export.Path, .. companions], manifest, session.SigningKey, registration,
            beforePublish: () => CrashPoint.Reach(CrashPoint.ReleaseWritten));
        CrashPoint.Reach(CrashPoint.ReleasePublished);
        var released = export with { State = ExportState.Released, ReleaseId = releaseId, BundlePath = bundle };
        session.Store.Change(session.Actor, AuditActions.ExportRelease, exportId,
            new { releaseId, bundle, manifestSha256 = manifestSha, product = registration.ProductName },
            tx => { tx.PutExport(released); return 0; });
        return (released, bundle);
    }

    /// <summary>The export, its document and every review, for <c>export show</c>.</summary>
    public static (ExportRecord Export, ExportDocument Document, IReadOnlyList<ReviewRecord> Reviews) Show(SandboxSession session, string exportId)
    {
        var export = Find(session, exportId, AccessAction.ExportView);
        return (export, export.Document, [.. session.Store.ReviewsOf(exportId).Select(ToRecord)]);
    }

    /// <summary>The export, if the actor may <paramref name="action"/> it; one it may not see is answered as missing.</summary>
    private static ExportRecord Find(SandboxSession session, string exportId, AccessAction action)
    {
        var notFound = new LocalMessage("error.no-export", ("id", exportId));
        var export = session.Store.FindExport(exportId) ?? throw new NotFoundException(notFound);
        session.Authorize(action, Resources.Export(session, export), notFound);
        return export;
    }

    /// <summary>
    /// An export that may move on: one frozen by its grant's suspension or termination (seed §12) cannot be
    /// reviewed, resubmitted or released until the grant is resumed.
    /// </summary>
    private static ExportRecord FindUnfrozen(SandboxSession session, string exportId, string action)
    {
        var export = Find(session, exportId, action switch
        {
            AuditActions.ExportReview => AccessAction.ExportReview,
            AuditActions.ExportRelease => AccessAction.ExportRelease,
            _ => AccessAction.ExportAmend,
        });
        if (export.FrozenReason is { } reason)
        {
            session.Store.Record(session.Actor, AuditActions.Refused(action), exportId, new { reason = "frozen: " + reason });
            throw new ConflictException(new LocalMessage("error.export.frozen", ("verb", Verb(action)), ("id", exportId), ("reason", reason)));
        }
        return export;
    }

    /// <summary>Applies an allowed transition, or records the refusal and throws it with its reason.</summary>
    private static ExportRecord Apply(SandboxSession session, ExportRecord export, ReviewOutcome outcome, string action, object detail)
    {
        if (!outcome.Allowed)
        {
            session.Store.Record(session.Actor, AuditActions.Refused(action), export.Id, new { detail, reason = outcome.Reason });
            throw new ConflictException(new LocalMessage("error.export.action-refused", ("verb", Verb(action)), ("reason", Shaped(outcome.Reason!))));
        }

        var next = export with { State = outcome.NewState };
        session.Store.Change(session.Actor, action, export.Id, new { detail, state = outcome.NewState, reason = outcome.Reason },
            tx => { tx.PutExport(next); return 0; });
        return next;
    }

    /// <summary>Only the reviews of the current round count: a resubmission or a changed file starts over.</summary>
    private static List<ReviewRecord> CurrentReviews(SandboxSession session, ExportRecord export, ExportDocument document) =>
        [.. session.Store.ReviewsOf(export.Id).Skip(document.ReviewsBefore).Select(ToRecord)];

    /// <summary>A file changed since it was checked resets its reviews: checked again, back to the technical stage.</summary>
    private static void ResetIfChanged(SandboxSession session, ExportRecord export, ExportDocument document)
    {
        if (File.Exists(export.Path) && FileHash.Sha256Of(export.Path) == (document.CheckedSha256 ?? export.Sha256))
        {
            return;
        }

        if (!File.Exists(export.Path))
        {
            throw new RefusedException(new LocalMessage("error.export.file-gone", ("id", export.Id)));
        }

        var (reset, next) = Recheck(session, export, document);
        session.Store.Change(session.Actor, AuditActions.ExportReset, export.Id,
            new { sha256 = reset.Sha256, verdict = next.Report.Verdict, round = next.Round, reason = "the output file changed after it was checked" },
            tx => { tx.PutExport(reset); return 0; });
        throw new RefusedException(new LocalMessage("error.export.file-changed", ("id", export.Id), ("verdict", CheckJson.Text(next.Report.Verdict))));
    }

    /// <summary>A review rule's English sentence, read back by its shape so the CLI can say it in the reader's language.</summary>
    private static object Shaped(string reason) => EnglishShapes.Read(reason) ?? (object)reason;

    /// <summary>The refused action's verb ("review", "release" …) as a message; its English is <see cref="AuditActions.VerbOf"/>'s.</summary>
    private static object Verb(string action)
    {
        var verb = AuditActions.VerbOf(action);
        return verb switch
        {
            "review" => new LocalMessage("error.export.verb.review"),
            "withdraw" => new LocalMessage("error.export.verb.withdraw"),
            "resubmit" => new LocalMessage("error.export.verb.resubmit"),
            "release" => new LocalMessage("error.export.verb.release"),
            _ => verb,
        };
    }

    private static (ExportRecord, ExportDocument) Recheck(SandboxSession session, ExportRecord export, ExportDocument document)
    {
        var job = session.Store.FindJob(export.JobId)!;
        var original = job.Outputs.First(o => o.Name == export.Output).Path;
        var (options, policy) = ExportChecks.For(session, job, export.Output, original);
        var report = WithCompanions(job, export.Path, ExportChecks.Run(export.Path, options), options);
        // Differencing again, against every other export of the grant (its own fingerprints set aside).
        var fingerprints = ExportDifferencing.Fingerprints(export.Id, export.Path, options.Evidence, options.Threshold);
        report = CheckReport.From([.. report.Checks, ExportDifferencing.Check(fingerprints, session.Store.FingerprintsOf(job.GrantId), options)]);
        if (document.Mitigation is { } m && OutputMitigation.Parse(m) is { } kind)
        {
            // A mitigated file keeps its mitigation finding: at best review.
            report = CheckReport.From([.. report.Checks, OutputMitigation.Finding(kind, 0)]);
        }

        var sha256 = FileHash.Sha256Of(export.Path);
        var next = document with
        {
            Report = report,
            PolicySha256 = policy.Sha256,
            Round = document.Round + 1,
            SubmittedAt = session.Time.GetUtcNow(),
            ReviewsBefore = session.Store.ReviewsOf(export.Id).Count,
            CheckedSha256 = sha256
        };
        return (export with { Sha256 = sha256, State = ExportState.Checked, Document = next }, next);
    }

    private static ReviewRecord ToRecord(ReviewRow r) =>
        new(r.Principal, Enum.Parse<ReviewStage>(r.Stage), Enum.Parse<ReviewAction>(r.Action), r.Note, r.At);

    /// <summary>
    /// A model's card and metrics leave with it: the "model-card" rule scans them as text (personal data, keyed
    /// tokens) and fails when either rule fails on either file.
    /// </summary>
    private static CheckReport WithCompanions(JobRecord job, string path, CheckReport report, Sandbox.Export.Checks.CheckOptions options)
    {
        var companions = ModelCompanions(job, path).Where(p => !p.EndsWith(ExportChecks.EvidenceSuffix, StringComparison.Ordinal)).ToList();
        if (companions.Count == 0) return report;
        var found = companions.SelectMany(c => ExportChecks.Run(c, options with { Model = null }).Checks
                .Where(r => r.Rule is "pii" or "token-leak" && r.Status != CheckStatus.Pass)
                .Select(r => $"{Path.GetFileName(c)}: {r.Detail}")).ToList();
        var result = found.Count == 0
            ? new CheckResult("model-card", CheckStatus.Pass, $"{string.Join(" and ", companions.Select(Path.GetFileName))} hold no personal data and no keyed token", [])
            : new CheckResult("model-card", CheckStatus.Fail, string.Join("; ", found), []);
        return CheckReport.From([.. report.Checks, result]);
    }

    /// <summary>The files that travel with a model of an ml job: the card, the metrics and the evidence; empty otherwise.</summary>
    private static List<string> ModelCompanions(JobRecord job, string path)
    {
        if (job.Kind != "ml" || Path.GetFileName(path) != Sandbox.Runner.Ml.MlJobExecutor.ModelFile) return [];
        var folder = Path.GetDirectoryName(path)!;
        return [.. new[] { Sandbox.Runner.Ml.MlJobExecutor.CardFile, Sandbox.Runner.Ml.MlJobExecutor.MetricsFile, Sandbox.Runner.Ml.MlJobExecutor.EvidenceFile }
            .Select(f => Path.Combine(folder, f)).Where(File.Exists)];
    }

    private static JobOutput? Exportable(JobRecord job, string name) =>
        job.Outputs.FirstOrDefault(o => o.Name == name && !o.Name.EndsWith(".evidence", StringComparison.Ordinal) && !o.Name.EndsWith(ExportChecks.EvidenceSuffix, StringComparison.Ordinal));

    private static string FileRuleType(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant();

}
