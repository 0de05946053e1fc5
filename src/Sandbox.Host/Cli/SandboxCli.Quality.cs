using System.CommandLine;
using Sandbox.Host.Access;
using Sandbox.Host.Governance.Quality;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command QualityCommand()
    {
        var dataset = new Option<string>("--dataset") { Description = "The dataset with the problem", Required = true };
        var column = new Option<string?>("--column") { Description = "The column with the problem, if one" };
        var problem = new Option<string>("--problem") { Description = "What is wrong", Required = true };
        var report = new Command("report", "Report a data-quality problem (operator)") { dataset, column, problem };
        report.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            return Print(parse, QualityService.Report(session, parse.GetValue(dataset)!, parse.GetValue(column), parse.GetValue(problem)!), session.Today);
        }));

        var id = new Argument<string>("ID");
        var provider = new Option<string>("--provider") { Description = "The data provider to fix it", Required = true };
        var days = new Option<int>("--days") { Description = "Days the provider has, from today", Required = true };
        var forward = new Command("forward", "Forward a report to its provider with a deadline (bureau)") { id, provider, days };
        forward.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            return Print(parse, QualityService.Forward(session, parse.GetValue(id)!, parse.GetValue(provider)!, parse.GetValue(days)), session.Today);
        }));

        var note = new Option<string>("--note") { Description = "How it was resolved", Required = true };
        var resolve = new Command("resolve", "Record that a report was resolved (bureau)") { id, note };
        resolve.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            return Print(parse, QualityService.Resolve(session, parse.GetValue(id)!, parse.GetValue(note)!), session.Today);
        }));

        var overdue = new Option<bool>("--overdue") { Description = "Only forwarded reports past their deadline" };
        var list = new Command("list", "List data-quality reports") { overdue };
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var rows = session.Store.ListQualityReports()
                .Where(q => session.Can(AccessAction.QualityView, Resources.ActedBy(session, q.FiledBy)))
                .Where(q => !parse.GetValue(overdue) || q.IsOverdue(session.Today))
                .Select(q => new { report = q, overdue = q.IsOverdue(session.Today) }).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(rows.Select(r => new
                {
                    r.report.Id,
                    r.report.Dataset,
                    r.report.Column,
                    r.report.Problem,
                    r.report.FiledBy,
                    r.report.FiledAt,
                    r.report.State,
                    r.report.Provider,
                    r.report.Deadline,
                    r.report.Resolution,
                    r.overdue,
                })));
                return 0;
            }
            foreach (var r in rows) _out.WriteLine(Line(r.report, session.Today));
            return 0;
        }));

        var command = new Command("quality", "Data-quality reports: filed, forwarded to the provider with a deadline, resolved (seed §13)");
        command.Subcommands.Add(report);
        command.Subcommands.Add(forward);
        command.Subcommands.Add(resolve);
        command.Subcommands.Add(list);
        return command;
    }

    private int Print(ParseResult parse, QualityReport report, DateOnly today)
    {
        _out.WriteLine(Json(parse) ? Jsons.Serialize(report) : Line(report, today));
        return 0;
    }

    private static string Line(QualityReport q, DateOnly today) =>
        $"{q.Id} {q.State,-9} {q.Dataset}{(q.Column is null ? "" : "." + q.Column)}: {q.Problem}"
        + (q.Provider is null ? "" : Messages.Get("cli.quality.forwarded", ("provider", q.Provider), ("deadline", q.Deadline?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))))
        + (q.IsOverdue(today) ? Messages.Get("cli.quality.overdue") : "");
}
