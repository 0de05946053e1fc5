using System.CommandLine;
using Sandbox.Host.Access;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command InitCommand()
    {
        var command = new Command("init", "Create the home: control store, Ed25519 signing key, masking master key (never overwritten)");
        command.SetAction(Guard(parse =>
        {
            var home = SandboxHome.Resolve(parse.GetValue(_home));
            var created = SandboxSession.Initialize(home, _time);
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(new { home = home.Root, created }));
                return 0;
            }
            _out.WriteLine(Messages.Get(created.Count == 0 ? "cli.init.already" : "cli.init.done", ("home", home.Root)));
            foreach (var path in created) _out.WriteLine(Messages.Get("cli.init.created", ("path", path)));
            return 0;
        }));
        return command;
    }

    private Command KeysCommand()
    {
        var show = new Command("show", "Print the Ed25519 public key that verifies this home's release bundles");
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            _out.WriteLine(Json(parse) ? Jsons.Serialize(new { algorithm = "ed25519", publicKey = session.PublicKeyHex }) : session.PublicKeyHex);
            return 0;
        }));
        var command = new Command("keys", "Signing keys");
        command.Subcommands.Add(show);
        return command;
    }

    private Command AuditCommand()
    {
        var verify = new Command("verify", "Check the hash chain and the signed head of the audit log, and replay it against the export, grant and job states");
        verify.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.AuditVerify, AccessResource.Platform);
            List<string> problems = [.. AuditLog.Verify(session.Store), .. StateLedger.Check(session.Store)];
            var count = AuditLog.Read(session.Store).Count;
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(new { ok = problems.Count == 0, entries = count, problems }));
            }
            else if (problems.Count == 0)
            {
                _out.WriteLine(Messages.Get("cli.audit.intact", ("count", count)));
            }
            // The JSON keeps the English sentences; the text says each in the reader's language (by its shape, auditlog.*).
            foreach (var problem in problems) _err.WriteLine(Messages.Get("cli.audit.problem", ("problem", EnglishShapes.Localize(problem))));
            return problems.Count == 0 ? 0 : 1;
        }));
        var show = new Command("show", "Print the audit log");
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            // Operators read only their own entries; a principal with no audit right at all is refused.
            if (!AccessRules.Table[AccessAction.AuditRead].Any(r => session.Principal.HasRole(r.Role)))
            {
                session.Authorize(AccessAction.AuditRead, AccessResource.Platform);
            }
            var entries = AuditLog.Read(session.Store).Where(AuditFilter.For(session)).ToList();
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(entries));
                return 0;
            }
            foreach (var e in entries)
            {
                _out.WriteLine($"{e.Seq,5} {e.At:yyyy-MM-dd HH:mm:ss} {e.Actor,-14} {e.Action,-22} {e.Subject}  {e.Detail}");
            }
            return 0;
        }));
        var command = new Command("audit", "The hash-chained audit log");
        command.Subcommands.Add(verify);
        command.Subcommands.Add(show);
        return command;
    }
}
