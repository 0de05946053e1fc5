using System.Formats.Tar;
using Microsoft.AspNetCore.Http;
using Sandbox.Contracts.Audit;
using Sandbox.Export.Checks;
using Sandbox.Export.Mitigation;
using Sandbox.Export.Review;
using Sandbox.Host.Access;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Exports;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Api;

/// <summary>The export gate over the API: request, show, review, withdraw, resubmit, release, and bundle download.</summary>
internal static class ApiExports
{
    public static async Task<IResult> RequestAsync(HttpContext context, SandboxSession session)
    {
        var body = await ApiBodies.ReadAsync<RequestBody>(context).ConfigureAwait(false);
        if (body is not { Job.Length: > 0, Output.Length: > 0 }) throw new InputException(new LocalMessage("api.export.request-body"));
        MitigationKind? kind = null;
        if (body.Mitigate is { } m) kind = OutputMitigation.Parse(m) ?? throw new InputException(new LocalMessage("api.export.mitigate"));
        var (export, report) = ExportService.Request(session, body.Job, body.Output, kind);
        return Report(export.Id, report);
    }

    /// <summary>
    /// The exports the principal may see, filtered by <c>state</c> (as the contracts spell it, e.g. technical-approved),
    /// <c>pending=true</c> (not yet released, rejected or withdrawn) and <c>since</c>, paged: a reviewer's queue.
    /// </summary>
    public static IResult List(HttpContext context, SandboxSession session)
    {
        var state = ApiPaging.Filter(context, "state");
        var pending = ApiPaging.Filter(context, "pending") switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new InputException(new LocalMessage("api.export.pending")),
        };
        var since = ApiPaging.Since(context);
        var exports = session.Store.ListExports()
            .Where(e => state is null || e.State.Name() == state)
            .Where(e => !pending || !e.State.IsFinal())
            .Where(e => since is null || e.RequestedAt >= since)
            .Where(e => session.Can(AccessAction.ExportView, Resources.Export(session, e))).ToList();
        return ApiResults.Json(ApiPaging.Page(context, exports)
            .Select(e => new ExportSummaryBody(e.Id, e.State, e.JobId, e.Output, e.RequestedBy, e.RequestedAt, e.FrozenReason is not null)).ToList());
    }

    public static IResult Show(SandboxSession session, string id)
    {
        var (export, document, reviews) = ExportService.Show(session, id);
        // The checks as `export request` writes them (one writer of that contract), read back into their typed body.
        var checks = ApiBodies.Read<CheckReportBody>(CheckJson.Serialize(export.Id, document.Report))!;
        return ApiResults.Json(new ExportBody(
            export.Id, checks.Verdict, checks.Checks, export.State, export.JobId, export.Output, export.RequestedBy, document.Round,
            document.Mitigation, [.. reviews.Select(r => new ExportReviewBody(r.Principal, r.Stage, r.Action, r.Note, r.At))], export.ReleaseId));
    }

    public static async Task<IResult> ReviewAsync(HttpContext context, SandboxSession session, string id)
    {
        var body = await ApiBodies.ReadAsync<ReviewBody>(context).ConfigureAwait(false);
        ReviewStage? stage = body?.Stage switch { "technical" => ReviewStage.Technical, "comprehensive" => ReviewStage.Comprehensive, "cross-border" => ReviewStage.CrossBorder, _ => null };
        ReviewAction? action = body?.Action switch { "approve" => ReviewAction.Approve, "return" => ReviewAction.Return, "reject" => ReviewAction.Reject, _ => null };
        if (stage is null) throw new InputException(new LocalMessage("api.review.stage"));
        if (action is null) throw new InputException(new LocalMessage("api.review.action"));
        if (body!.Note is not { Length: > 0 } note || note.Length > 4000) throw new InputException(new LocalMessage("api.review.note"));
        var export = ExportService.Review(session, id, stage.Value, action.Value, note);
        return ApiResults.Json(new ExportStateBody(export.Id, export.State));
    }

    public static IResult Withdraw(SandboxSession session, string id)
    {
        var export = ExportService.Withdraw(session, id);
        return ApiResults.Json(new ExportStateBody(export.Id, export.State));
    }

    public static IResult Resubmit(SandboxSession session, string id)
    {
        var (export, report) = ExportService.Resubmit(session, id);
        return Report(export.Id, report);
    }

    /// <summary>Writes the bundle inside the home; the client downloads it from <c>/bundle</c>.</summary>
    public static IResult Release(SandboxSession session, string id)
    {
        var (export, _) = ExportService.Release(session, id, null);
        return ApiResults.Json(new ExportReleaseBody(export.Id, export.State, export.ReleaseId));
    }

    /// <summary>The released bundle as a tar: the only data that leaves the domain, and only once released.</summary>
    public static IResult Bundle(SandboxSession session, string id)
    {
        var notFound = new LocalMessage("api.no-export", ("id", id));
        var export = session.Store.FindExport(id) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.BundleDownload, Resources.Export(session, export), notFound);
        if (export.BundlePath is not { } bundle || !Directory.Exists(bundle)) throw new ConflictException(new LocalMessage("api.export.not-released", ("id", id)));
        var tar = new MemoryStream();
        TarFile.CreateFromDirectory(bundle, tar, includeBaseDirectory: false);
        tar.Position = 0;
        session.Store.Record(session.Actor, AuditActions.ExportDownload, export.Id, new { releaseId = export.ReleaseId, bytes = tar.Length });
        return Results.File(tar, "application/x-tar", $"{export.ReleaseId}.tar");
    }

    private static IResult Report(string id, CheckReport report) =>
        Results.Text(CheckJson.Serialize(id, report), "application/json",
            statusCode: report.Verdict == CheckStatus.Fail ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);


    /// <summary>The body of an export request: <c>{"job", "output", "mitigate"}</c>.</summary>
    internal sealed record RequestBody(string? Job, string? Output, string? Mitigate = null);

    /// <summary>The body of a review: <c>{"stage", "action", "note"}</c>.</summary>
    internal sealed record ReviewBody(string? Stage, string? Action, string? Note);
}
