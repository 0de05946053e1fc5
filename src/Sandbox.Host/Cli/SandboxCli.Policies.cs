using System.CommandLine;
using Sandbox.Host.Access;
using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Policies;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command PolicyCommand()
    {
        var path = new Argument<string>("PATH") { Description = "A policy document or a folder of them (grants, principals, calendar, training, approved images)" };
        var loosening = new Option<string?>("--approve-loosening") { Description = "The bureau's recorded justification for a grant that opens a level-4 column to keep or plain" };
        var apply = new Command("apply", "Validate and store policy documents (all or nothing)") { path, loosening };
        apply.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var applied = PolicyApplier.Apply(session, parse.GetValue(path)!, parse.GetValue(loosening));
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(applied));
                return 0;
            }
            _out.WriteLine(Messages.Get("cli.policy.applied", ("grants", applied.Grants.Count),
                    ("names", applied.Grants.Count > 0 ? Messages.Get("cli.policy.names", ("names", string.Join(", ", applied.Grants))) : ""), ("principals", applied.Principals))
                + (applied.Calendar ? Messages.Get("cli.policy.calendar") : "") + (applied.Training > 0 ? Messages.Get("cli.policy.training", ("count", applied.Training)) : "")
                + (applied.Images is { } images
                    ? Messages.Get("cli.policy.images", ("images", images.Count == 0 ? Messages.Get("cli.policy.no-images") : string.Join(", ", images.Order(StringComparer.Ordinal))))
                    : ""));
            foreach (var warning in applied.Warnings) _out.WriteLine(Messages.Get("cli.policy.consent-warning", ("warning", warning)));
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
            foreach (var g in session.Store.ListGrants()) GrantLifecycleService.Refresh(session, g);
            var grants = session.Store.ListGrants().Where(g => session.Can(AccessAction.GrantView, Resources.Grant(g))).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(grants.Select(g => new { g.Id, g.State, g.Sha256, g.SourceFile })));
                return 0;
            }
            TextTable.Write(_out, Headers("grant", "state", "operator", "period", "scenario"), grants.Select(g =>
            {
                var grant = g.Grant;
                return new[] { g.Id, g.State.Name(), grant.Operator.Id, $"{grant.Period.From:yyyy-MM-dd}..{grant.Period.To:yyyy-MM-dd}", grant.Scenario };
            }));
            return 0;
        }));

        var id = new Argument<string>("ID");
        var show = new Command("show", "Show one grant") { id };
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var notFound = new LocalMessage("cli.grant.not-found", ("id", parse.GetValue(id)));
            var record = session.Store.FindGrant(parse.GetValue(id)!) ?? throw new NotFoundException(notFound);
            session.Authorize(AccessAction.GrantView, Resources.Grant(record), notFound);
            GrantLifecycleService.Refresh(session, record);
            record = session.Store.FindGrant(record.Id)!;
            var grant = record.Grant;
            var (publicizedOn, agreement) = session.Store.FindLifecycle(record.Id);
            var lifecycle = new
            {
                publicizedOn,
                publicityEnds = publicizedOn is { } p ? GrantLifecycle.PublicityEnds(p, GovernanceStore.Calendar(session)) : (DateOnly?)null,
                agreement,
                evaluations = session.Store.EvaluationsOf(record.Id).Select(e => new { e.Year, e.Rating, e.Note, e.By }),
            };
            if (Json(parse))
            {
                _out.WriteLine(Jsons.SerializeIndented(new { record.Id, record.State, record.Sha256, lifecycle, grant }));
                return 0;
            }

            // For reading: the terms first, then per dataset what is granted and how; --json gives the whole record.
            string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
            string Pairs(IReadOnlyDictionary<string, string> map) => map.Count == 0 ? "—" : string.Join(", ", map.Select(p => $"{p.Key} {p.Value}"));
            _out.WriteLine(Messages.Get("cli.grant.show.title", ("id", record.Id), ("state", record.State.Name()), ("sha", record.Sha256[..12])));
            _out.WriteLine(Messages.Get("cli.grant.show.operator", ("name", grant.Operator.Name), ("id", grant.Operator.Id)));
            _out.WriteLine(Messages.Get("cli.grant.show.scenario", ("scenario", grant.Scenario), ("zone", grant.Zone)));
            _out.WriteLine(Messages.Get("cli.grant.show.period", ("from", Day(grant.Period.From)), ("to", Day(grant.Period.To)), ("signed", Day(grant.AgreementSigned))));
            if (lifecycle.publicizedOn is not null) _out.WriteLine(Messages.Get("cli.grant.show.publicity", ("from", Day(lifecycle.publicizedOn)), ("to", Day(lifecycle.publicityEnds))));
            foreach (var dataset in grant.Datasets.Values)
            {
                var consent = grant.Consent.TryGetValue(dataset.Name, out var agreed) && agreed.Count > 0 ? string.Join(", ", agreed) : "—";
                _out.WriteLine(Messages.Get("cli.grant.show.dataset", ("name", dataset.Name), ("columns", string.Join(", ", dataset.Columns))));
                _out.WriteLine(Messages.Get("cli.grant.show.rules", ("masking", Pairs(dataset.Masking)), ("constraints", Pairs(dataset.Constraints)), ("consent", consent)));
            }
            foreach (var evaluation in session.Store.EvaluationsOf(record.Id))
            {
                _out.WriteLine(Messages.Get("cli.grant.show.evaluation", ("year", evaluation.Year), ("rating", evaluation.Rating), ("by", evaluation.By)));
            }
            return 0;
        }));

        var command = new Command("grant", "Grants (authorizations of operators)");
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(Lifecycle("review", GrantAction.Review, "Take an application into review", needsReason: false));
        command.Subcommands.Add(Lifecycle("publicize", GrantAction.Publicize, "Publicize a reviewed grant: 5 working days that cannot be shortened", needsReason: false));
        command.Subcommands.Add(Lifecycle("activate", GrantAction.Activate, "Record the signed agreement after publicity; the grant becomes active", needsReason: false));
        command.Subcommands.Add(Lifecycle("reject", GrantAction.Reject, "Turn an application down", needsReason: true));
        command.Subcommands.Add(Lifecycle("suspend", GrantAction.Suspend, "Suspend a grant at once: jobs killed or refused, workspaces deleted, exports frozen", needsReason: true));
        command.Subcommands.Add(Lifecycle("resume", GrantAction.Resume, "Resume a suspended grant", needsReason: false));
        command.Subcommands.Add(Lifecycle("terminate", GrantAction.Terminate, "Terminate a grant for good", needsReason: true));
        command.Subcommands.Add(EvaluateCommand());
        command.Subcommands.Add(PrepareCommand());
        return command;
    }

    private Command PrepareCommand()
    {
        var id = new Argument<string>("ID") { Description = "The grant whose tables to materialize" };
        var command = new Command("prepare", "Mask a grant's tables once, ahead of its first job; every job of the grant then reads them in place") { id };
        command.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var ready = DataPlane.GrantPreparation.Prepare(session, parse.GetValue(id)!, _err, CancellationToken.None);
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(ready.Select(t => new { table = t.Name, t.Address, built = t.Built })));
                return 0;
            }
            TextTable.Write(_out, Headers("table", "address", "state"), ready.Select(t => new[]
            {
                t.Name, t.Address, t.Built ? Messages.Get("cli.grant.prepare-built", ("rows", t.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))) : Messages.Get("cli.grant.prepare-ready"),
            }));
            return 0;
        }));
        return command;
    }

    private Command Lifecycle(string verb, GrantAction action, string description, bool needsReason)
    {
        var id = new Argument<string>("ID");
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit log)", Required = needsReason };
        var agreement = new Option<string?>("--agreement") { Description = "The signed agreement document (YAML)", Required = action == GrantAction.Activate };
        var command = new Command(verb, description) { id, reason };
        if (action == GrantAction.Activate) command.Options.Add(agreement);
        command.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var grantId = parse.GetValue(id)!;
            var before = session.Store.FindGrant(grantId)?.State.Name();
            Func<Grant, Agreement>? signed = null;
            if (parse.GetValue(agreement) is { } file)
            {
                if (!File.Exists(file)) throw new InputException(Messages.Get("cli.file-not-found", ("path", file)));
                signed = grant => AgreementLoader.Load(file, File.ReadAllText(file), grant, session.Today);
            }
            var state = GrantLifecycleService.Apply(session, grantId, action, parse.GetValue(reason), signed);
            _out.WriteLine(Messages.Get("cli.grant.transition", ("id", grantId), ("before", before), ("after", GrantLifecycle.Name(state))));
            if (action == GrantAction.Publicize)
            {
                var ends = GrantLifecycle.PublicityEnds(session.Today, GovernanceStore.Calendar(session));
                _out.WriteLine(Messages.Get("cli.grant.publicity", ("from", session.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
                    ("to", ends.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("days", GrantLifecycle.PublicityWorkingDays),
                    ("activation", ends.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
            }
            return 0;
        }));
        return command;
    }

    private Command EvaluateCommand()
    {
        var id = new Argument<string>("ID");
        var year = new Option<int>("--year") { Description = "The agreement year evaluated", Required = true };
        var rating = new Option<string>("--rating") { Description = "good | fair | poor", Required = true };
        var note = new Option<string>("--note") { Description = "The evaluation's summary", DefaultValueFactory = _ => "" };
        var command = new Command("evaluate", "Record an annual performance evaluation; two consecutive poor years terminate the grant") { id, year, rating, note };
        command.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            if (!Enum.TryParse<EvaluationRating>(parse.GetValue(rating), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new InputException(new LocalMessage("cli.grant.rating", ("value", parse.GetValue(rating))));
            }
            var (state, terminated) = GrantLifecycleService.Evaluate(session, parse.GetValue(id)!, parse.GetValue(year), parsed, parse.GetValue(note)!);
            _out.WriteLine(Messages.Get("cli.grant.evaluated", ("id", parse.GetValue(id)), ("year", parse.GetValue(year)), ("rating", parsed.ToString().ToLowerInvariant()),
                ("state", GrantLifecycle.Name(state))));
            if (terminated is not null) _out.WriteLine(Messages.Get("cli.grant.terminated", ("reason", terminated)));
            return 0;
        }));
        return command;
    }
}
