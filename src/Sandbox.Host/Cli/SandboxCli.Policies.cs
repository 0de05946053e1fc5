using System.CommandLine;
using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Policies;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command PolicyCommand()
    {
        var path = new Argument<string>("PATH") { Description = "A policy document or a folder of them (grants, principals.yaml)" };
        var apply = new Command("apply", "Validate and store policy documents (all or nothing)") { path };
        apply.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var applied = PolicyApplier.Apply(session, parse.GetValue(path)!);
            _out.WriteLine($"applied {applied.Grants.Count} grant(s){(applied.Grants.Count > 0 ? ": " + string.Join(", ", applied.Grants) : "")}; {applied.Principals} principal(s)");
            return 0;
        }));
        var command = new Command("policy", "Policy documents");
        command.Subcommands.Add(apply);
        return command;
    }

    private Command GrantCommand()
    {
        var list = new Command("list", "List grants and their states");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var grants = session.Store.ListGrants();
            if (Json(parse))
            {
                _out.WriteLine(JsonSerializer.Serialize(grants.Select(g => new { g.Id, g.State, g.Sha256, g.SourceFile }), Jsons.Options));
                return 0;
            }
            foreach (var g in grants)
            {
                var grant = PolicyApplier.Load(g);
                _out.WriteLine($"{g.Id,-28} {g.State,-10} {grant.Operator.Id,-20} {grant.Period.From:yyyy-MM-dd}..{grant.Period.To:yyyy-MM-dd}  {grant.Scenario}");
            }
            return 0;
        }));

        var id = new Argument<string>("ID");
        var show = new Command("show", "Show one grant") { id };
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var record = session.Store.FindGrant(parse.GetValue(id)!) ?? throw new InputException($"ID: no grant '{parse.GetValue(id)}'");
            var grant = PolicyApplier.Load(record);
            _out.WriteLine(JsonSerializer.Serialize(new { record.Id, record.State, record.Sha256, grant }, Jsons.Indented));
            return 0;
        }));

        var command = new Command("grant", "Grants (authorizations of operators)");
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(Lifecycle("suspend", "suspended", "Suspend a grant at once", needsReason: true, from: ["active"]));
        command.Subcommands.Add(Lifecycle("resume", "active", "Resume a suspended grant", needsReason: false, from: ["suspended"]));
        command.Subcommands.Add(Lifecycle("terminate", "terminated", "Terminate a grant for good", needsReason: true, from: ["applied", "active", "suspended"]));
        return command;
    }

    private Command Lifecycle(string verb, string target, string description, bool needsReason, string[] from)
    {
        var id = new Argument<string>("ID");
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit log)", Required = needsReason };
        var command = new Command(verb, description) { id, reason };
        command.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            if (!session.ActorRoles.Contains("admin") && !session.ActorRoles.Contains("bureau"))
            {
                throw new RefusedException($"{session.Actor} may not {verb} grants (needs role bureau or admin)");
            }
            var grantId = parse.GetValue(id)!;
            var record = session.Store.FindGrant(grantId) ?? throw new InputException($"ID: no grant '{grantId}'");
            if (!from.Contains(record.State))
            {
                throw new RefusedException($"grant {grantId} is {record.State}: it cannot be {target} from that state");
            }
            session.Store.Change(session.Actor, $"grant.{verb}", grantId, new { from = record.State, to = target, reason = parse.GetValue(reason) },
                tx => { session.Store.SetGrantState(tx, grantId, target); return 0; });
            _out.WriteLine($"grant {grantId}: {record.State} → {target}");
            return 0;
        }));
        return command;
    }
}
