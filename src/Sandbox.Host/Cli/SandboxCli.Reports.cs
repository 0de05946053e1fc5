using System.CommandLine;
using System.Globalization;
using System.Text;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Reports;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command ReportCommand()
    {
        var organization = new Option<string>("--operator") { Description = "The operator organization (its id in the grants)", Required = true };
        var from = new Option<string>("--from") { Description = "First day, YYYY-MM-DD (the domain's calendar, UTC+8)", Required = true };
        var to = new Option<string>("--to") { Description = "Last day, YYYY-MM-DD, included", Required = true };
        var usageFormat = new Option<string>("--format") { Description = "table, csv or json (--json means json)", DefaultValueFactory = _ => "table" };
        usageFormat.AcceptOnlyFromAmong("table", "csv", "json");
        var usage = new Command("usage", "What an operator used and what it costs (seed §11): jobs, exports, releases, security days") { organization, from, to, usageFormat };
        usage.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var report = ReportService.Usage(session, parse.GetValue(organization)!, Day(parse.GetValue(from)!, "--from"), Day(parse.GetValue(to)!, "--to"));
            var format = Json(parse) ? "json" : parse.GetValue(usageFormat);
            _out.Write(format switch
            {
                "json" => Jsons.Serialize(report) + "\n",
                "csv" => UsageFormats.Csv(report),
                _ => UsageFormats.Table(report),
            });
            return 0;
        }));

        var year = new Option<int>("--year") { Description = "The agreement year: 1 is the year from the operator's first signed agreement", Required = true };
        var annualFormat = new Option<string>("--format") { Description = "markdown or json (--json means json)", DefaultValueFactory = _ => "markdown" };
        annualFormat.AcceptOnlyFromAmong("markdown", "json");
        var output = new Option<string?>("--out") { Description = "Also write the signed report (report.json, report.md, manifest.json, manifest.sig) to this new folder" };
        var annual = new Command("annual", "The annual operation report of an agreement year (seed §14), signed like a release bundle") { organization, year, annualFormat, output };
        annual.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var signed = ReportService.Annual(session, parse.GetValue(organization)!, parse.GetValue(year));
            if (parse.GetValue(output) is { } directory) signed.Write(directory);
            var format = Json(parse) ? "json" : parse.GetValue(annualFormat);
            _out.Write(Encoding.UTF8.GetString(signed.Files[format == "json" ? "report.json" : "report.md"]));
            if (format == "json") _out.WriteLine();
            return 0;
        }));

        var command = new Command("report", "Usage and cost (seed §11) and annual operation reports (seed §14)");
        command.Subcommands.Add(usage);
        command.Subcommands.Add(annual);
        return command;
    }

    private static DateOnly Day(string text, string option) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new InputException(new LocalMessage("cli.report.day", ("option", option), ("value", text)));
}
