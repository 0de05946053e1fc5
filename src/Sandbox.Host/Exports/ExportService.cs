using System.Security.Cryptography;
using System.Text.Json;
using Sandbox.Export.Checks;
using Sandbox.Export.Release;
using Sandbox.Export.Review;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Policies;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Exports;

/// <summary>The only door out of the domain: request (automatic checks), two reviews, signed release.</summary>
public static class ExportService
{
    /// <summary>Checks one output of a finished job and records the export request.</summary>
    public static (ExportRecord Export, CheckReport Report) Request(SandboxSession session, string jobId, string output)
    {
        var job = session.Store.FindJob(jobId) ?? throw new InputException($"JOB: no job '{jobId}'");
        if (job.State != "succeeded") throw new RefusedException($"job {jobId} is {job.State}: only outputs of succeeded jobs can be exported");
        var name = output.EndsWith(".csv", StringComparison.Ordinal) ? output[..^4] : output;
        var file = job.Outputs.FirstOrDefault(o => o.Name == name)
            ?? throw new InputException($"OUTPUT: job {jobId} has no output '{output}' (outputs: {string.Join(", ", job.Outputs.Select(o => o.Name))})");

        // 1. Automatic checks; the count columns come from the statement's AST, never from guessing at headers.
        var spec = JsonSerializer.Deserialize<JobSpec>(job.SpecJson, Jsons.Options)!;
        var query = spec.Queries.FirstOrDefault(q => q.Name == name);
        var ordinals = query is null ? null : SqlStatement.Parse(query.Sql).CountColumnOrdinals;
        var options = new CheckOptions { CountColumnOrdinals = ordinals };
        var report = DisclosureChecker.Check(file.Path, options);

        // 2. Record the request with its verdict.
        var export = new ExportRecord(NewId("exp", session), jobId, name, file.Path, DatasetImporter.Hash(file.Path), session.Actor,
            session.Time.GetUtcNow(), ExportState.Checked.ToString(), JsonSerializer.Serialize(report, Jsons.Options), null, null);
        session.Store.Change(session.Actor, "export.request", export.Id,
            new { job = jobId, output = name, sha256 = export.Sha256, verdict = report.Verdict, checks = report.Checks.Select(c => new { c.Rule, c.Status }) },
            tx => { session.Store.PutExport(tx, export); return 0; });
        return (export, report);
    }

    /// <summary>Records one review decision if the review rules allow it.</summary>
    public static ExportRecord Review(SandboxSession session, string exportId, ReviewStage stage, ReviewAction action, string note)
    {
        var export = session.Store.FindExport(exportId) ?? throw new InputException($"EXPORT_ID: no export '{exportId}'");
        var report = ReportOf(export);
        if (DatasetImporter.Hash(export.Path) != export.Sha256)
        {
            throw new RefusedException($"export {exportId}: the output file changed after it was checked; request a new export");
        }
        var prior = session.Store.ReviewsOf(exportId)
            .Select(r => new ReviewRecord(r.Principal, Enum.Parse<ReviewStage>(r.Stage), Enum.Parse<ReviewAction>(r.Action), r.Note, r.At)).ToList();
        var outcome = ReviewRules.Decide(Enum.Parse<ExportState>(export.State), export.RequestedBy, report.Verdict, prior,
            session.Actor, session.ActorRoles.ToList(), stage, action, note);
        if (!outcome.Allowed)
        {
            session.Store.Record(session.Actor, "export.review.refused", exportId, new { stage, action, reason = outcome.Reason });
            throw new RefusedException($"review refused: {outcome.Reason}");
        }
        var next = export with { State = outcome.NewState.ToString() };
        session.Store.Change(session.Actor, "export.review", exportId, new { stage, action, note, state = outcome.NewState }, tx =>
        {
            session.Store.AddReview(tx, new ReviewRow(exportId, session.Actor, stage.ToString(), action.ToString(), note, session.Time.GetUtcNow()));
            session.Store.PutExport(tx, next);
            return 0;
        });
        return next;
    }

    /// <summary>Writes the signed bundle of an approved export.</summary>
    public static (ExportRecord Export, string BundleDirectory) Release(SandboxSession session, string exportId, string? toDirectory)
    {
        var export = session.Store.FindExport(exportId) ?? throw new InputException($"EXPORT_ID: no export '{exportId}'");
        if (export.State != nameof(ExportState.Approved))
        {
            throw new RefusedException($"export {exportId} is {export.State}: only an approved export (technical and comprehensive review) can be released");
        }
        if (DatasetImporter.Hash(export.Path) != export.Sha256)
        {
            throw new RefusedException($"export {exportId}: the output file changed after review; it cannot be released");
        }
        var job = session.Store.FindJob(export.JobId)!;
        var grantRecord = session.Store.FindGrant(job.GrantId)!;
        var grant = PolicyApplier.Load(grantRecord);
        var spec = JsonSerializer.Deserialize<JobSpec>(job.SpecJson, Jsons.Options)!;
        var datasets = spec.Queries.Where(q => q.Name == export.Output)
            .SelectMany(q => SqlStatement.Parse(q.Sql).Tables).Select(t => t.Name).Distinct()
            .Select(n => session.Store.FindDataset(n)).OfType<DatasetRecord>()
            .Select(d => new ManifestDataset(d.Name, d.Sha256)).ToList();

        var releaseId = NewId("rel", session);
        var manifest = new ReleaseManifest
        {
            ReleaseId = releaseId,
            ExportId = export.Id,
            JobId = job.Id,
            GrantId = grant.Id,
            Output = export.Output,
            Datasets = datasets,
            PolicySha256 = grantRecord.Sha256,
            Checks = ReportOf(export),
            Reviews = [.. session.Store.ReviewsOf(exportId).Select(r => new ReviewRecord(r.Principal, Enum.Parse<ReviewStage>(r.Stage), Enum.Parse<ReviewAction>(r.Action), r.Note, r.At))],
            RequestedBy = export.RequestedBy,
            RequestedAt = export.RequestedAt,
            ReleasedAt = session.Time.GetUtcNow(),
            PublicKey = session.PublicKeyHex,
        };
        var bundle = Path.Combine(toDirectory ?? session.Home.BundlesDirectory, releaseId);
        var manifestSha = ReleaseBundle.Write(bundle, [export.Path], manifest, session.SigningKey);
        var released = export with { State = nameof(ExportState.Released), ReleaseId = releaseId, BundlePath = bundle };
        session.Store.Change(session.Actor, "export.release", exportId, new { releaseId, bundle, manifestSha256 = manifestSha },
            tx => { session.Store.PutExport(tx, released); return 0; });
        return (released, bundle);
    }

    internal static CheckReport ReportOf(ExportRecord export) => JsonSerializer.Deserialize<CheckReport>(export.ReportJson, Jsons.Options)!;

    private static string NewId(string prefix, SandboxSession session) =>
        $"{prefix}-{session.Time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
}
