using System.CommandLine;
using Sandbox.Host.Dummy;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command DummyCommand()
    {
        var grant = new Argument<string>("GRANT") { Description = "The grant whose tables the dummy data takes the shape of" };
        var output = new Option<string>("--out") { Description = "The folder to write (new or empty, outside the home): <table>.parquet and dummy.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "The generator's seed: the same seed on the same data gives the same files", DefaultValueFactory = _ => DummyGenerator.DefaultSeed };
        var rows = new Option<long?>("--rows") { Description = $"Rows per table (default: the grant's, rounded; at most {DummyGenerator.MaxRows:N0})" };
        var command = new Command("dummy", "Dummy data shaped like a grant's tables, for writing its jobs offline (run them with `job run --dummy DIR`)") { grant, output, seed, rows };
        command.SetAction(Guard((parse, ct) =>
        {
            using var session = Open(parse);
            var progress = System.Console.IsErrorRedirected || Json(parse) ? TextWriter.Null : _err;
            var manifest = DummyGenerator.Generate(session, parse.GetValue(grant)!, parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(rows), progress, ct);
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(new { directory, manifest }));
                return Task.FromResult(0);
            }
            _out.WriteLine(Messages.Get("cli.dummy.written", ("grant", manifest.Grant), ("directory", directory), ("seed", manifest.Seed)));
            foreach (var table in manifest.Tables) _out.WriteLine(Messages.Get("cli.dummy.table", ("table", table.Name), ("rows", table.Rows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)), ("columns", string.Join(", ", table.Columns.Select(c => $"{c.Name} ({c.Generated})")))));
            _out.WriteLine(Messages.Get("cli.dummy.try", ("directory", directory)));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary><c>job run --dummy DIR</c>: no home is opened and nothing is recorded; every line says the data is dummy.</summary>
    private int RunOnDummy(ParseResult parse, string directory, string job, string? output, CancellationToken ct)
    {
        var outcome = DummyRun.Run(directory, job, output, SandboxHome.Resolve(parse.GetValue(_home)), ct);
        var succeeded = outcome.Result?.Outcome == SqlJobOutcome.Succeeded;
        if (Json(parse))
        {
            _out.WriteLine(Jsons.Serialize(new
            {
                dummy = true,
                grant = outcome.Manifest.Grant,
                admitted = outcome.Decision.Allowed,
                reasons = outcome.Decision.Reasons,
                state = outcome.Result is null ? "refused" : outcome.Result.Outcome.ToString().ToLowerInvariant(),
                reason = outcome.Result?.Reason,
                directory = outcome.OutputDirectory,
                outputs = outcome.Result?.Outputs.Select(o => new { o.Name, o.Path, o.Rows, o.Bytes }),
            }));
            return succeeded ? 0 : 1;
        }
        if (!outcome.Decision.Allowed)
        {
            // The lines `job check` prints, so a refusal reads the same on dummy data as in the sandbox.
            _out.WriteLine(Messages.Get("cli.dummy.refusal"));
            foreach (var reason in outcome.Decision.Reasons) _out.WriteLine($"  {ReasonText.Localize(reason)}");
            return 1;
        }
        var result = outcome.Result!;
        _out.WriteLine(Messages.Get("cli.dummy.result", ("grant", outcome.Manifest.Grant), ("outcome", result.Outcome.ToString().ToLowerInvariant()),
            ("reason", result.Reason is null ? "" : Messages.Get("cli.dummy.reason", ("reason", result.Reason)))));
        foreach (var o in result.Outputs) _out.WriteLine(Messages.Get("cli.job.output", ("name", o.Name), ("rows", o.Rows), ("bytes", o.Bytes), ("path", o.Path)));
        _out.WriteLine(Messages.Get("cli.dummy.outputs", ("directory", outcome.OutputDirectory)));
        return succeeded ? 0 : 1;
    }
}
