using System.CommandLine;
using System.Text.Json;
using Sandbox.Export.Checks;
using Sandbox.Export.Mitigation;
using Sandbox.Export.Release;
using Sandbox.Export.Review;
using Sandbox.Host.Exports;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command ExportCommand()
    {
        var command = new Command("export", "The export gate: checks, two reviews, signed release");
        foreach (var c in new[] { ExportCheck(), ExportRequest(), ExportList(), ExportReview(), ExportResubmit(), ExportWithdraw(), ExportShow(), ExportRelease(), ExportVerify() }) command.Subcommands.Add(c);
        return command;
    }

    private Command ExportCheck()
    {
        var file = new Argument<string>("FILE");
        var check = new Command("check", "Run the automatic disclosure checks on a file") { file, _allCells };
        check.SetAction(Guard(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) throw new InputException(Messages.Get("cli.file-not-found", ("path", path)));
            CheckReport report;
            try { report = DisclosureChecker.Check(path, Sandbox.Export.Policy.ExportPolicy.Defaults.Options); }
            catch (OutputFormatException ex) { throw new InputException(ex.Message); }
            WriteReport(parse, Path.GetFileName(path), report);
            return report.Verdict == CheckStatus.Fail ? 1 : 0;
        }));
        return check;
    }

    private Command ExportRequest()
    {
        var job = new Argument<string>("JOB_ID");
        var output = new Argument<string>("OUTPUT");
        var mitigate = new Option<string?>("--mitigate") { Description = "suppress, round5 or midpoint6: export a mitigated copy (verdict at best review)" };
        var request = new Command("request", "Request the export of one job output (runs the automatic checks)") { job, output, mitigate, _allCells };
        request.SetAction(Guard(parse =>
        {
            MitigationKind? kind = null;
            if (parse.GetValue(mitigate) is { } m)
            {
                kind = OutputMitigation.Parse(m) ?? throw new InputException(new LocalMessage("cli.export.mitigation-unknown", ("value", m)));
            }
            using var session = Open(parse);
            var (export, report) = ExportService.Request(session, parse.GetValue(job)!, parse.GetValue(output)!, kind, _err);
            WriteReport(parse, export.Id, report);
            if (!Json(parse)) _out.WriteLine(report.Verdict == CheckStatus.Fail
                ? Messages.Get("cli.export.request-failed", ("id", export.Id))
                : Messages.Get("cli.export.request-awaits", ("id", export.Id)));
            return report.Verdict == CheckStatus.Fail ? 1 : 0;
        }));
        return request;
    }

    private Command ExportList()
    {
        var pending = new Option<bool>("--pending") { Description = "Only exports not yet released, rejected or withdrawn: a reviewer's queue" };
        var state = new Option<string?>("--state") { Description = "Only exports in this state (e.g. checked, technical-approved, approved, released)" };
        state.AcceptOnlyFromAmong([.. ExportStates.Vocabulary.Names]);
        var list = new Command("list", "List the export requests you may see") { pending, state };
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var wanted = parse.GetValue(state);
            var exports = session.Store.ListExports()
                .Where(e => !parse.GetValue(pending) || !e.State.IsFinal())
                .Where(e => wanted is null || e.State.Name() == wanted)
                .Where(e => session.Can(Sandbox.Policy.Access.AccessAction.ExportView, Access.Resources.Export(session, e))).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(exports.Select(e => new { id = e.Id, state = e.State.Name(), job = e.JobId, output = e.Output, requestedBy = e.RequestedBy, requestedAt = e.RequestedAt, frozen = e.FrozenReason is not null })));
                return 0;
            }
            TextTable.Write(_out, Headers("export", "state", "output", "requested-by", "requested-at"),
                exports.Select(e => new[] { e.Id, e.State.Name() + (e.FrozenReason is null ? "" : " (frozen)"), e.Output, e.RequestedBy,
                    e.RequestedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) }));
            return 0;
        }));
        return list;
    }

    private Command ExportReview()
    {
        var id = new Argument<string>("EXPORT_ID");
        var stage = new Option<string>("--stage") { Description = "technical, comprehensive or cross-border", Required = true };
        var approve = new Option<bool>("--approve");
        var @return = new Option<bool>("--return") { Description = "Return for changes" };
        var reject = new Option<bool>("--reject");
        var note = new Option<string>("--note") { Description = "The reviewer's note (a justification when overriding a failed check)", Required = true };
        var review = new Command("review", "Record a review decision") { id, stage, approve, @return, reject, note };
        review.SetAction(Guard(parse =>
        {
            var chosen = new[] { (parse.GetValue(approve), ReviewAction.Approve), (parse.GetValue(@return), ReviewAction.Return), (parse.GetValue(reject), ReviewAction.Reject) }
                .Where(a => a.Item1).Select(a => a.Item2).ToList();
            if (chosen.Count != 1) throw new InputException(Messages.Get("cli.export.one-decision"));
            var stageName = parse.GetValue(stage)!;
            ReviewStage chosenStage = stageName.ToLowerInvariant() switch
            {
                "technical" => ReviewStage.Technical,
                "comprehensive" => ReviewStage.Comprehensive,
                "cross-border" => ReviewStage.CrossBorder,
                _ => throw new InputException(new LocalMessage("cli.export.stage-unknown", ("value", stageName))),
            };
            using var session = Open(parse);
            var export = ExportService.Review(session, parse.GetValue(id)!, chosenStage, chosen[0], parse.GetValue(note)!);
            _out.WriteLine(Json(parse)
                ? Jsons.Serialize(new { id = export.Id, action = chosen[0].ToString().ToLowerInvariant(), stage = stageName.ToLowerInvariant(), by = session.Actor, state = export.State.Name() })
                : Messages.Get("cli.export.reviewed", ("id", export.Id), ("action", chosen[0].ToString().ToLowerInvariant()), ("by", session.Actor),
                    ("stage", stageName.ToLowerInvariant()), ("state", export.State.Name())));
            return 0;
        }));
        return review;
    }

    private Command ExportRelease()
    {
        var id = new Argument<string>("EXPORT_ID");
        var to = new Option<string?>("--to") { Description = "Write the bundle under this folder (default: the home's bundles/)" };
        var product = new Option<string?>("--product") { Description = "The data product's name in the registration record (default: scenario and output)" };
        var release = new Command("release", "Write the signed release bundle of an approved export") { id, to, product };
        release.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var (export, bundle) = ExportService.Release(session, parse.GetValue(id)!, parse.GetValue(to), parse.GetValue(product));
            _out.WriteLine(Json(parse)
                ? Jsons.Serialize(new { id = export.Id, releaseId = export.ReleaseId, bundle, state = export.State.Name() })
                : Messages.Get("cli.export.released", ("id", export.ReleaseId), ("bundle", bundle)));
            return 0;
        }));
        return release;
    }

    private Command ExportVerify()
    {
        var dir = new Argument<string>("BUNDLE_DIR");
        var key = new Option<string?>("--public-key") { Description = "Ed25519 public key (hex, from `sandbox keys show`); default: this home's key" };
        var verify = new Command("verify", "Verify a release bundle's signature, file hashes and approving reviews (offline)") { dir, key };
        verify.SetAction(Guard(parse =>
        {
            var bundle = parse.GetValue(dir)!;
            if (!Directory.Exists(bundle)) throw new InputException(Messages.Get("cli.export.no-bundle", ("bundle", bundle)));
            byte[] publicKey;
            if (parse.GetValue(key) is { } hex)
            {
                try { publicKey = Convert.FromHexString(hex); }
                catch (FormatException) { throw new InputException(new LocalMessage("cli.export.key-not-hex")); }
                if (publicKey.Length != 32) throw new InputException(new LocalMessage("cli.export.key-length"));
            }
            else
            {
                using var session = Open(parse);
                publicKey = Convert.FromHexString(session.PublicKeyHex);
            }
            var result = ReleaseBundle.Verify(bundle, publicKey);
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(new { ok = result.Ok, bundle, problems = result.Problems }));
            else if (result.Ok) _out.WriteLine(Messages.Get("cli.export.verified", ("bundle", bundle)));
            foreach (var problem in result.Problems) _err.WriteLine($"{bundle}: {EnglishShapes.Localize(problem)}");
            return result.Ok ? 0 : 1;
        }));
        return verify;
    }

    private Command ExportResubmit()
    {
        var id = new Argument<string>("EXPORT_ID");
        var resubmit = new Command("resubmit", "Resubmit a returned export: checked again, reviews start over (requester only)") { id };
        resubmit.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var (export, report) = ExportService.Resubmit(session, parse.GetValue(id)!);
            WriteReport(parse, export.Id, report);
            return report.Verdict == CheckStatus.Fail ? 1 : 0;
        }));
        return resubmit;
    }

    private Command ExportWithdraw()
    {
        var id = new Argument<string>("EXPORT_ID");
        var withdraw = new Command("withdraw", "Withdraw an export request (requester only)") { id };
        withdraw.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var export = ExportService.Withdraw(session, parse.GetValue(id)!);
            _out.WriteLine(Json(parse) ? Jsons.Serialize(new { id = export.Id, state = export.State.Name() }) : Messages.Get("cli.export.state", ("id", export.Id), ("state", export.State.Name())));
            return 0;
        }));
        return withdraw;
    }

    private Command ExportShow()
    {
        var id = new Argument<string>("EXPORT_ID");
        var show = new Command("show", "Show an export: state, checks, mitigation and reviews") { id, _allCells };
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var (export, document, reviews) = ExportService.Show(session, parse.GetValue(id)!);
            if (Json(parse))
            {
                // The check contract's keys, with the export's state and history added.
                var checks = JsonDocument.Parse(CheckJson.Serialize(export.Id, document.Report)).RootElement;
                _out.WriteLine(Jsons.Serialize(new
                {
                    id = export.Id,
                    verdict = checks.GetProperty("verdict"),
                    checks = checks.GetProperty("checks"),
                    state = export.State.Name(),
                    job = export.JobId,
                    output = export.Output,
                    requestedBy = export.RequestedBy,
                    round = document.Round,
                    crossBorder = document.CrossBorder,
                    mitigation = document.Mitigation,
                    unmitigatedVerdict = document.Unmitigated is null ? null : CheckJson.Text(document.Unmitigated.Verdict),
                    reviews = reviews.Select(r => new { principal = r.Principal, stage = Display(r.Stage.ToString()), action = r.Action.ToString().ToLowerInvariant(), note = r.Note, at = r.At }),
                    releaseId = export.ReleaseId,
                    bundle = export.BundlePath,
                }));
                return 0;
            }
            _out.WriteLine(Messages.Get("cli.export.summary", ("id", export.Id), ("state", export.State.Name()), ("job", export.JobId), ("output", export.Output),
                ("by", export.RequestedBy), ("round", document.Round)));
            if (document.Mitigation is { } m) _out.WriteLine(Messages.Get("cli.export.mitigated", ("mitigation", m), ("verdict", CheckJson.Text(document.Unmitigated!.Verdict))));
            WriteReport(parse, export.Id, document.Report);
            foreach (var r in reviews) _out.WriteLine($"  {r.At:yyyy-MM-dd HH:mm} {Display(r.Stage.ToString()),-14} {r.Action.ToString().ToLowerInvariant(),-8} {r.Principal}: {r.Note}");
            return 0;
        }));
        return show;
    }

    /// <summary>A state name as the JSON contracts spell it: TechnicalApproved → technical-approved.</summary>
    private static string Display(string state) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(state);

    private void WriteReport(ParseResult parse, string id, CheckReport report)
    {
        if (Json(parse))
        {
            _out.WriteLine(CheckJson.Serialize(id, report));
            return;
        }
        _out.WriteLine(Messages.Get("cli.export.verdict", ("id", id), ("verdict", report.Verdict.ToString().ToLowerInvariant())));
        bool all = parse.GetValue(_allCells);
        foreach (var c in report.Checks)
        {
            // The detail is the library's English sentence (stored and answered so); read back by its shape for the reader.
            _out.WriteLine($"  {c.Rule,-12} {c.Status.ToString().ToLowerInvariant(),-7} {EnglishShapes.Localize(c.Detail)}");
            // Every flagged cell, one a line, a page of them unless --all: never a value, only positions and figures.
            int shown = all ? c.Cells.Count : Math.Min(c.Cells.Count, CellsPerPage);
            for (int i = 0; i < shown; i++)
            {
                _out.WriteLine($"      {EnglishShapes.Localize(c.Cells[i])}{Figures(c.Findings.Count == c.Cells.Count ? c.Findings[i] : null)}");
            }

            if (shown < c.Cells.Count)
            {
                _out.WriteLine(Messages.Get("cli.export.more-cells", ("count", c.Cells.Count - shown)));
            }
        }
    }

    private const int CellsPerPage = 20;

    private readonly Option<bool> _allCells = new("--all") { Description = "Print every flagged cell, not only the first page" };

    private static string Figures(CellFinding? finding) => finding switch
    {
        { Subjects: long n, Share: double share } => Messages.Get("cli.export.figures-share", ("subjects", n), ("share", Percent(share))),
        { Subjects: long n } => Messages.Get("cli.export.figures", ("subjects", n)),
        { Share: double share } => Messages.Get("cli.export.figures-top", ("share", Percent(share))),
        _ => "",
    };

    private static string Percent(double share) => share.ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
}
