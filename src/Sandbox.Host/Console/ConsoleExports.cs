using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sandbox.Export.Checks;
using Sandbox.Export.Review;
using Sandbox.Host.Access;
using Sandbox.Host.Exports;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Console;

/// <summary>The export gate's pages: the queue per stage, one export with its flagged cells, review and release.</summary>
internal static class ConsoleExports
{
    /// <summary>Exports on one page of a queue.</summary>
    public const int PageSize = 50;

    /// <summary>At most this many rows of an output are shown to a reviewer.</summary>
    public const int MaxShownRows = 500;


    /// <summary>
    /// The exports the principal may see, by stage: <c>technical</c>, <c>comprehensive</c>, <c>cross-border</c>,
    /// <c>release</c> (approved), <c>done</c>, or all pending; oldest first, paged.
    /// </summary>
    public static ExportQueue Queue(HttpContext context, SandboxSession session, ConsoleText t)
    {
        var stage = context.Request.Query["stage"].ToString();
        Func<ExportRecord, bool> inStage = stage switch
        {
            "technical" => e => e.State == ExportState.Checked,
            "comprehensive" => e => e.State == ExportState.TechnicalApproved,
            "cross-border" => e => e.State == ExportState.ComprehensiveApproved,
            "release" => e => e.State == ExportState.Approved,
            "done" => e => e.State.IsFinal(),
            "" => e => !e.State.IsFinal(),
            _ => throw new InputException(new LocalMessage("api.console.stage")),
        };
        var visible = session.Store.ListExports().Where(inStage)
            .Select(e => (Export: e, Resource: Resources.Export(session, e)))
            .Where(x => session.Can(AccessAction.ExportView, x.Resource))
            .OrderBy(x => x.Export.RequestedAt).ToList();
        var (page, pages) = ConsolePaging.Of(context, visible.Count, PageSize);
        var now = session.Time.GetUtcNow();
        var rows = visible.Skip((page - 1) * PageSize).Take(PageSize).Select(x => Row(session, x.Export, x.Resource, now, t)).ToList();
        var stages = new[] { ("", "All pending"), ("technical", "Technical review"), ("comprehensive", "Comprehensive review"), ("cross-border", "Cross-border review"), ("release", "Ready to release"), ("done", "Finished") }
            .Select(s => new ConsoleLink(ConsoleRoutes.Prefix + "/exports" + (s.Item1.Length > 0 ? "?stage=" + s.Item1 : ""), t[s.Item2], s.Item1 == stage)).ToList();
        return new ExportQueue(stage, stages, rows, page, pages, visible.Count);
    }

    internal static ExportRow Row(SandboxSession session, ExportRecord e, AccessResource resource, DateTimeOffset now, ConsoleText t) => new(
        e.Id, Age(now - e.RequestedAt, t), e.RequestedBy, string.Join(", ", resource.Organizations),
        session.Store.FindJob(e.JobId)?.GrantId ?? "", e.Output, Verdict(e), e.State.Name(), e.FrozenReason is not null);

    /// <summary>One export for its page; the output's rows only for a principal who may review it.</summary>
    public static ExportPageModel Show(SandboxSession session, string id)
    {
        // 1. The service authorizes seeing it: an export of another organization is a 404.
        var (export, document, reviews) = ExportService.Show(session, id);
        var resource = Resources.Export(session, export);
        var job = session.Store.FindJob(export.JobId);
        var spec = job?.Spec;
        var state = export.State;
        var canReview = session.Can(AccessAction.ExportReview, resource);

        // 2. The output itself only for reviewers; the operator sees the checks and where the flags are.
        OutputView? table = null;
        string? note = null;
        if (canReview)
        {
            try
            {
                table = Table(OutputTable.ReadCsv(export.Path), document.Report);
            }
            catch (Exception ex) when (ex is OutputFormatException or IOException)
            {
                note = "The output is not a table and cannot be shown here.";
            }
        }
        else
        {
            note = "Only reviewers see the output's rows; you see its checks and the flagged positions.";
        }

        // 3. The stage that is due, if any.
        string? due = state switch
        {
            ExportState.Checked => "technical",
            ExportState.TechnicalApproved => "comprehensive",
            ExportState.ComprehensiveApproved when document.CrossBorder => "cross-border",
            _ => null,
        };
        return new ExportPageModel(
            export.Id, export.State.Name(), document.Report.Verdict.ToString().ToLowerInvariant(), export.JobId, job?.GrantId ?? "", export.Output,
            export.RequestedBy, export.RequestedAt, document.Round, document.Mitigation,
            spec?.Queries.FirstOrDefault(q => q.Name == export.Output)?.Sql, export.FrozenReason, export.ReleaseId,
            [.. document.Report.Checks.Select(c => new CheckRow(c.Rule, c.Status.ToString().ToLowerInvariant(), c.Detail, Math.Max(c.Cells.Count, c.Findings.Count)))],
            table, note,
            [.. reviews.Select(r => new ReviewView(r.Principal, Kebab(r.Stage.ToString()), r.Action.ToString().ToLowerInvariant(), r.Note, r.At))],
            due, canReview && due is not null,
            session.Can(AccessAction.ExportRelease, resource) && state == ExportState.Approved,
            session.Can(AccessAction.BundleDownload, resource) && state == ExportState.Released);
    }

    /// <summary>A review decision from the form (<c>stage</c>, <c>action</c>, <c>note</c>); the service decides.</summary>
    public static IResult Review(HttpContext context, SandboxSession session, string id)
    {
        // The antiforgery check has read the form already.
        var form = context.Request.Form;
        ReviewStage? stage = form["stage"].ToString() switch { "technical" => ReviewStage.Technical, "comprehensive" => ReviewStage.Comprehensive, "cross-border" => ReviewStage.CrossBorder, _ => null };
        ReviewAction? action = form["action"].ToString() switch { "approve" => ReviewAction.Approve, "return" => ReviewAction.Return, "reject" => ReviewAction.Reject, _ => null };
        if (stage is null) throw new InputException(new LocalMessage("api.review.stage"));
        if (action is null) throw new InputException(new LocalMessage("api.review.action"));
        var note = form["note"].ToString().Trim();
        if (note.Length is 0 or > 4000) throw new InputException(new LocalMessage("api.review.note"));
        ExportService.Review(session, id, stage.Value, action.Value, note);
        return Results.Redirect($"{ConsoleRoutes.Prefix}/exports/{id}", false);
    }

    /// <summary>Releases an approved export: the signed bundle is written inside the home, then downloadable.</summary>
    public static IResult Release(SandboxSession session, string id)
    {
        ExportService.Release(session, id, null);
        return Results.Redirect($"{ConsoleRoutes.Prefix}/exports/{id}", false);
    }

    /// <summary>The table with each finding placed on its cell; a finding without a column flags its row's number.</summary>
    internal static OutputView Table(OutputTable output, CheckReport report)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < output.Columns.Count; i++) ordinals.TryAdd(output.Label(i), i);
        var flags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var check in report.Checks.Where(c => c.Status != CheckStatus.Pass))
        {
            foreach (var f in check.Findings)
            {
                int column = f.Column is { } label && ordinals.TryGetValue(label, out var ordinal) ? ordinal : -1;
                if (f.Row is null && column < 0) continue;
                var key = $"{f.Row ?? 0}:{column}";
                if (!flags.TryGetValue(key, out var reasons)) flags[key] = reasons = [];
                reasons.Add(Reason(check, f));
            }
        }
        return new OutputView(output.Columns, [.. output.Rows.Take(MaxShownRows)],
            flags.ToDictionary(p => p.Key, p => string.Join("\n", p.Value.Distinct()), StringComparer.Ordinal), output.Rows.Count);
    }

    private static string Reason(CheckResult check, CellFinding f)
    {
        var parts = new List<string> { $"{f.Rule}: {check.Status.ToString().ToLowerInvariant()}" };
        if (f.Subjects is { } n) parts.Add($"subjects {n.ToString(CultureInfo.InvariantCulture)}");
        if (f.Share is { } s) parts.Add($"top-2 share {s.ToString("P1", CultureInfo.InvariantCulture)}");
        if (f.Against is { } a) parts.Add($"against {a}");
        return string.Join("; ", parts);
    }

    private static string Verdict(ExportRecord e)
    {
        try
        {
            return e.Document.Report.Verdict.ToString().ToLowerInvariant();
        }
        catch (JsonException)
        {
            return "?";
        }
    }

    internal static string Kebab(string state) => JsonNamingPolicy.KebabCaseLower.ConvertName(state);

    internal static string Age(TimeSpan age, ConsoleText t) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays} {(t.English ? "d" : "天")} {age.Hours} {(t.English ? "h" : "小时")}"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours} {(t.English ? "h" : "小时")} {age.Minutes} {(t.English ? "min" : "分钟")}"
        : $"{Math.Max(0, (int)age.TotalMinutes)} {(t.English ? "min" : "分钟")}";
}
