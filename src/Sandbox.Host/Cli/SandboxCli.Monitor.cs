using System.CommandLine;
using Sandbox.Host.Governance.Supervision;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command MonitorCommand()
    {
        var run = new Command("run", "Evaluate the security rules over the audit log and jobs; store and print new alerts");
        run.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var raised = MonitorService.Run(session);
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(raised));
                return 0;
            }
            if (raised.Count == 0) _out.WriteLine(Messages.Get("cli.monitor.none"));
            foreach (var a in raised) _out.WriteLine($"{a.Id} {a.Rule,-15} {a.Recommendation,-8} {a.Message}");
            return 0;
        }));

        var list = new Command("list", "List every alert raised so far");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.AlertView, AccessResource.Platform);
            var alerts = session.Store.ListAlerts();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(alerts));
                return 0;
            }
            foreach (var a in alerts)
            {
                _out.WriteLine($"{a.Id} {a.RaisedAt:yyyy-MM-dd HH:mm} {a.Rule,-15} {a.Recommendation,-8} {a.Message}");
                if (a.Acknowledged is { } ack) _out.WriteLine(Messages.Get("cli.monitor.acknowledged", ("by", ack.By), ("at", ack.At.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)), ("note", ack.Note)));
            }
            return 0;
        }));

        var id = new Argument<string>("ID") { Description = "The alert, e.g. alert-0001" };
        var note = new Option<string>("--note") { Description = "How it was dealt with (e.g. the grant was suspended, or why no action is needed)", Required = true };
        var ack = new Command("ack", "Acknowledge an alert with a note (governance, bureau)") { id, note };
        ack.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var alert = MonitorService.Acknowledge(session, parse.GetValue(id)!, parse.GetValue(note)!);
            _out.WriteLine(Json(parse) ? Jsons.Serialize(alert) : $"{alert.Id}: acknowledged by {session.Actor}");
            return 0;
        }));

        var command = new Command("monitor", "Security monitoring over the audit log (seed §12–13)");
        command.Subcommands.Add(run);
        command.Subcommands.Add(list);
        command.Subcommands.Add(ack);
        return command;
    }
}
