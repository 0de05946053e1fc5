using System.CommandLine;
using Sandbox.Host.Api;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command ServeCommand()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var serve = new Command("serve", "Serve the HTTP API (bearer tokens from `sandbox token issue`)") { urls };
        serve.SetAction(Guard(async (parse, ct) =>
        {
            using (var session = Open(parse)) session.Authorize(AccessAction.ServeApi, AccessResource.Platform); // fails early on a home that was never initialized
            var home = SandboxHome.Resolve(parse.GetValue(_home));
            var app = new ApiServer(home, _time).Build(parse.GetValue(urls)!);
            await app.StartAsync(ct).ConfigureAwait(false);
            await _out.WriteLineAsync($"serving {home.Root} on {ApiServer.Address(app)} (Ctrl-C stops)").ConfigureAwait(false);
            try { await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }));
        return serve;
    }

    private Command TokenCommand()
    {
        var principal = new Argument<string>("PRINCIPAL");
        var issue = new Command("issue", "Issue an API bearer token for a declared principal (shown once)") { principal };
        issue.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.TokenIssue, AccessResource.Platform);
            var id = parse.GetValue(principal)!;
            if (id != SandboxSession.Administrator && session.FindPrincipal(id) is null)
            {
                throw new InputException($"PRINCIPAL: unknown principal '{id}' (declare it in policies/principals.yaml and apply it)");
            }
            var token = ApiTokens.Of(session.Home).Issue(id);
            session.Store.Record(session.Actor, "token.issue", id, new { });
            _out.WriteLine(token);
            return 0;
        }));
        var command = new Command("token", "HTTP API tokens");
        command.Subcommands.Add(issue);
        return command;
    }
}
