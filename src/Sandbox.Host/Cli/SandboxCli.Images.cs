using System.CommandLine;
using Docker.DotNet;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command ImageCommand()
    {
        var only = new Option<string?>("--only") { Description = "Build one image: runner or python" };
        only.AcceptOnlyFromAmong("runner", "python");
        var runner = new Option<string?>("--runner") { Description = "An already-published linux-x64 Sandbox.Runner folder (default: the runner/ beside this executable, else publish this repository's)" };
        var rebuild = new Option<bool>("--rebuild") { Description = "Build even when the engine holds an image of the same recipe" };
        var build = new Command("build", "Build the job images offline (debootstrap from Debian's packages, engine import) and record their IDs in this home") { only, runner, rebuild };
        build.SetAction(Guard(async (parse, ct) =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.ImageBuild, AccessResource.Platform);
            using var client = await Engine(ct).ConfigureAwait(false);
            var builder = new ImageBuilder(client, _out, _time);
            var recipes = ImageRecipe.All.Where(r => parse.GetValue(only) is not { } key || r.Key == key).ToList();
            foreach (var recipe in recipes)
            {
                var (record, built) = await builder.BuildAsync(recipe, parse.GetValue(runner) ?? ImageBuilder.RunnerBeside(AppContext.BaseDirectory), parse.GetValue(rebuild), ct).ConfigureAwait(false);
                // Recorded and audited: the backend runs only images whose engine ID matches this record.
                ImageTrust.Record(session, record, built ? AuditActions.ImageBuild : AuditActions.ImageRecord, built ? "built" : "already in the engine");
                _out.WriteLine(Messages.Get(built ? "cli.image.built" : "cli.image.already", ("name", record.Name), ("id", record.Id)));
            }
            return 0;
        }));

        var list = new Command("list", "The approved images, the IDs this home recorded and what the engine holds now");
        list.SetAction(Guard(async (parse, ct) =>
        {
            using var session = Open(parse);
            ImageTrust.ImportLegacy(session);
            var records = session.Store.ListImages().ToDictionary(r => r.Name, StringComparer.Ordinal);
            using var client = await Engine(ct).ConfigureAwait(false);
            var rows = new List<object>();
            var cells = new List<IReadOnlyList<string?>>();
            foreach (var name in ApprovedImages.BuiltIn.Names.Order(StringComparer.Ordinal))
            {
                string? current = null;
                try
                {
                    current = (await client.Images.InspectImageAsync(name + ":latest", ct).ConfigureAwait(false)).ID;
                }
                catch (DockerImageNotFoundException)
                {
                }
                var recorded = records.GetValueOrDefault(name)?.Id;
                var status = current is null ? "missing" : recorded is null ? "not recorded" : recorded == current ? "ok" : "changed";
                rows.Add(new { name, recorded, current, status });
                // The JSON keeps the status word; the text says it in the reader's language.
                var shown = Messages.Get(status switch { "missing" => "image.status.missing", "not recorded" => "image.status.not-recorded", "ok" => "image.status.ok", _ => "image.status.changed" });
                cells.Add([name, shown, current]);
            }
            // Padded by display width: a Chinese status takes two cells a character.
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(rows));
            else TextTable.Write(_out, Headers("image", "image-status", "image-id"), cells);
            return 0;
        }));

        var command = new Command("image", "Job images for the docker backend");
        command.Subcommands.Add(build);
        command.Subcommands.Add(list);
        return command;
    }

    /// <summary>The engine, or a refusal naming the socket.</summary>
    private static async Task<DockerClient> Engine(CancellationToken cancellationToken)
    {
        try
        {
            return await DockerEngine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DockerUnavailableException ex)
        {
            throw new RefusedException(ex.Message);
        }
    }
}
