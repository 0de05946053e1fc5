using System.CommandLine;
using Sandbox.Host.Demo;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command DemoCommand()
    {
        var backend = new Option<string>("--backend") { Description = "inprocess (default) or docker", DefaultValueFactory = _ => "inprocess" };
        var command = new Command("demo", "Walk the whole path on built-in synthetic data: import, grant, jobs, export gate, release, audit") { backend };
        command.SetAction(Guard(async (parse, ct) =>
        {
            var demo = new DemoScenario(_out, _time, parse.GetValue(_home), Backend(parse.GetValue(backend)!));
            return await demo.RunAsync(ct).ConfigureAwait(false);
        }));
        return command;
    }
}
