using System.CommandLine;
using Microsoft.Extensions.Logging;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Api;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command ServeCommand()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var workers = new Option<int>("--workers") { Description = "How many queued jobs run at once, for each backend", DefaultValueFactory = _ => ApiServer.DefaultWorkersPerBackend };
        var serve = new Command("serve", "Serve the HTTP API (bearer tokens from `sandbox token issue`)") { urls, workers };
        serve.SetAction(Guard(async (parse, ct) =>
        {
            using (var session = Open(parse)) session.Authorize(AccessAction.ServeApi, AccessResource.Platform); // fails early on a home that was never initialized
            if (parse.GetValue(workers) is < 1 or > ApiServer.MaxWorkersPerBackend) throw new InputException(new LocalMessage("cli.serve.workers", ("max", ApiServer.MaxWorkersPerBackend)));
            var home = SandboxHome.Resolve(parse.GetValue(_home));
            // Request logs as JSON lines on stdout: method, route template, status, principal, time — never a token or a value.
            var app = new ApiServer(home, _time) { WorkersPerBackend = parse.GetValue(workers), Logging = logging => logging.AddJsonConsole().AddFilter("Microsoft", LogLevel.Warning) }.Build(parse.GetValue(urls)!);
            await app.StartAsync(ct).ConfigureAwait(false);
            await _out.WriteLineAsync(Messages.Get("cli.serve.serving", ("home", home.Root), ("address", ApiServer.Address(app)))).ConfigureAwait(false);
            try { await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }));
        return serve;
    }

    private Command TokenCommand()
    {
        var principal = new Argument<string>("PRINCIPAL") { Description = "A declared principal (or admin)" };
        var days = new Option<int>("--days") { Description = "How many days the token is valid", DefaultValueFactory = _ => (int)ApiTokens.DefaultValidity.TotalDays };
        var issue = new Command("issue", "Issue an API bearer token for a declared principal (shown once)") { principal, days };
        issue.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TokenIssue, AccessResource.Platform);
            var id = parse.GetValue(principal)!;
            if (id != SandboxSession.Administrator && session.FindPrincipal(id) is null)
            {
                throw new InputException(Messages.Get("cli.token.unknown-principal", ("id", id)));
            }
            if (parse.GetValue(days) is < 1 or > 366) throw new InputException(new LocalMessage("cli.token.days"));
            var (token, record) = ApiTokens.Of(session.Home, _time).Issue(id, TimeSpan.FromDays(parse.GetValue(days)));
            session.Store.Record(session.Actor, AuditActions.TokenIssue, id, new { record.Id, record.ExpiresAt });
            _out.WriteLine(Json(parse) ? Jsons.Serialize(new { token, record.Id, record.Principal, record.ExpiresAt }) : token);
            return 0;
        }));

        var list = new Command("list", "List issued tokens (ids, principals, expiry; never the tokens)");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TokenIssue, AccessResource.Platform);
            var all = ApiTokens.Of(session.Home, _time).List();
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(all));
            else foreach (var t in all) _out.WriteLine($"{t.Id,-14} {t.Principal,-20} " + Messages.Get(t.ExpiresAt <= _time.GetUtcNow() ? "cli.token.expired" : "cli.token.expires", ("at", t.ExpiresAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))));
            return 0;
        }));

        var tokenId = new Argument<string>("ID") { Description = "A token id from `token list`" };
        var revoke = new Command("revoke", "Revoke a token at once") { tokenId };
        revoke.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TokenIssue, AccessResource.Platform);
            var id = parse.GetValue(tokenId)!;
            if (!ApiTokens.Of(session.Home, _time).Revoke(id)) throw new NotFoundException(new LocalMessage("cli.token.not-found", ("id", id)));
            session.Store.Record(session.Actor, AuditActions.TokenRevoke, id, new { });
            _out.WriteLine(Messages.Get("cli.token.revoked", ("id", id)));
            return 0;
        }));

        var command = new Command("token", "HTTP API tokens");
        foreach (var c in new[] { issue, list, revoke }) command.Subcommands.Add(c);
        return command;
    }
}
