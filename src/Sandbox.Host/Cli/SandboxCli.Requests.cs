using System.CommandLine;
using Sandbox.Host.Access;
using Sandbox.Host.Governance.Requests;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command RequestCommand()
    {
        var grant = new Option<string>("--grant") { Description = "The grant to widen", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The dataset the columns belong to", Required = true };
        var columns = new Option<string>("--columns") { Description = "The columns wanted, comma-separated", Required = true };
        var justification = new Option<string>("--justification") { Description = "Why they are the minimum necessary for the scenario", Required = true };
        var file = new Command("file", "Request columns for a grant, with a justification (operator of the grant)") { grant, dataset, columns, justification };
        file.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var request = DataRequestService.File(session, parse.GetValue(grant)!, parse.GetValue(dataset)!,
                parse.GetValue(columns)!.Split(','), parse.GetValue(justification)!);
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(request));
            else _out.WriteLine(Messages.Get("cli.request.filed", ("id", request.Id), ("dataset", request.Dataset), ("columns", string.Join(", ", request.Columns.Select(c => c.Column))), ("grant", request.GrantId)));
            return 0;
        }));

        var list = new Command("list", "List data requests and the decision on each column");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var requests = session.Store.ListDataRequests()
                .Where(r => session.Store.FindGrant(r.GrantId) is { } g && session.Can(AccessAction.RequestView, Resources.Grant(g) with { Owner = r.FiledBy })).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(requests));
                return 0;
            }
            foreach (var r in requests)
            {
                _out.WriteLine($"{r.Id} {r.GrantId,-18} {r.Dataset,-20} {r.State,-8} by {r.FiledBy}: {r.Justification}");
                foreach (var c in r.Columns) _out.WriteLine($"    {c.Column,-20} {c.Decision,-9} {c.Note}");
            }
            return 0;
        }));

        var id = new Argument<string>("ID");
        var column = new Option<string>("--column") { Description = "The requested column to decide", Required = true };
        var approve = new Option<bool>("--approve") { Description = "Approve it: the grant gains the column" };
        var reject = new Option<bool>("--reject") { Description = "Reject it" };
        var note = new Option<string>("--note") { Description = "The reason for the decision", Required = true };
        var decide = new Command("decide", "Approve or reject one column of a request (bureau)") { id, column, approve, reject, note };
        decide.SetAction(Guard(parse =>
        {
            if (parse.GetValue(approve) == parse.GetValue(reject)) throw new InputException(new LocalMessage("cli.request.approve-or-reject"));
            using var session = Open(parse);
            var request = DataRequestService.Decide(session, parse.GetValue(id)!, parse.GetValue(column)!, parse.GetValue(approve), parse.GetValue(note)!);
            var decided = request.Columns.First(c => string.Equals(c.Column, parse.GetValue(column), StringComparison.OrdinalIgnoreCase));
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(request));
            else _out.WriteLine(Messages.Get(decided.Decision == RequestedColumn.Approved ? "cli.request.approved" : "cli.request.decided",
                ("id", request.Id), ("column", $"{request.Dataset}.{decided.Column}"), ("decision", decided.Decision), ("grant", request.GrantId)));
            return 0;
        }));

        var days = new Option<int>("--days") { Description = "The review window in days", DefaultValueFactory = _ => ColumnUsage.DefaultDays };
        var unused = new Command("unused", "List granted columns no job has used within the review window") { days };
        unused.SetAction(Guard(parse =>
        {
            if (parse.GetValue(days) < 1) throw new InputException(new LocalMessage("error.quality.days"));
            using var session = Open(parse);
            session.Authorize(AccessAction.RequestDecide, AccessResource.Platform);
            var rows = ColumnUsage.Unused(session, parse.GetValue(days));
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(rows));
                return 0;
            }
            foreach (var u in rows)
            {
                var granted = u.GrantedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                _out.WriteLine($"{u.GrantId,-18} {u.Dataset + "." + u.Column,-40} " + (u.LastUsed is { } l
                    ? Messages.Get("cli.request.unused", ("granted", granted), ("used", l.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))
                    : Messages.Get("cli.request.never-used", ("granted", granted))));
            }
            return 0;
        }));

        var command = new Command("request", "Data requests: columns asked for with a justification, decided per column (seed §7)");
        command.Subcommands.Add(file);
        command.Subcommands.Add(list);
        command.Subcommands.Add(decide);
        command.Subcommands.Add(unused);
        return command;
    }
}
