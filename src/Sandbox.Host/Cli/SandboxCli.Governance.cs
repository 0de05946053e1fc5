using System.CommandLine;
using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;
using Sandbox.Policy.Training;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command TrainingCommand()
    {
        var principal = new Argument<string>("PRINCIPAL");
        var course = new Option<string>("--course") { Description = "The course completed", Required = true };
        var completed = new Option<string>("--completed") { Description = "The day it was completed (yyyy-MM-dd)", Required = true };
        var validDays = new Option<int>("--valid-days") { Description = "How long it counts", DefaultValueFactory = _ => TrainingRecord.DefaultValidityDays };
        var record = new Command("record", "Record that a principal completed the security training (governance, admin)") { principal, course, completed, validDays };
        record.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TrainingManage, AccessResource.Platform);
            var id = parse.GetValue(principal)!;
            if (session.FindPrincipal(id) is null) throw new InputException(Messages.Get("cli.training.unknown-principal", ("id", id)));
            if (!DateOnly.TryParseExact(parse.GetValue(completed), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new InputException(new LocalMessage("cli.training.completed-format", ("value", parse.GetValue(completed))));
            }
            if (day > session.Today) throw new InputException(new LocalMessage("cli.training.completed-future", ("day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
            var days = parse.GetValue(validDays);
            if (days < 1) throw new InputException(new LocalMessage("cli.training.valid-days"));
            var until = day.AddDays(days - 1);
            session.Store.Change(session.Actor, AuditActions.TrainingRecord, id, new { course = parse.GetValue(course), completed = day, validUntil = until },
                tx => { tx.PutTraining(id, parse.GetValue(course)!, day, until, session.Actor); return 0; });
            _out.WriteLine(Messages.Get("cli.training.recorded", ("id", id), ("course", parse.GetValue(course)), ("from", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("to", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
            return 0;
        }));

        var list = new Command("list", "List training records and whether they count today");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TrainingManage, AccessResource.Platform);
            var rows = session.Store.TrainingOf(null)
                .Select(t => new { t.Principal, t.Course, t.Completed, t.ValidUntil, valid = t.Completed <= session.Today && session.Today <= t.ValidUntil }).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(rows));
                return 0;
            }
            foreach (var t in rows) _out.WriteLine($"{t.Principal,-20} {t.Completed:yyyy-MM-dd}..{t.ValidUntil:yyyy-MM-dd} {Messages.Get(t.valid ? "cli.training.valid" : "cli.training.lapsed"),-7} {t.Course}");
            return 0;
        }));

        var command = new Command("training", "Security training records (seed §6)");
        command.Subcommands.Add(record);
        command.Subcommands.Add(list);
        return command;
    }
}
