using System.CommandLine;
using System.Text.Json;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command MaskCommand()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV or Parquet file" };
        var detect = new Command("detect", "Detect the sensitive columns of a file") { file };
        detect.SetAction(Guard(parse =>
        {
            var columns = ColumnProfiler.ProfileFile(parse.GetValue(file)!);
            if (Json(parse))
            {
                _out.WriteLine(JsonSerializer.Serialize(new { columns = columns.Select(c => new { c.Name, c.Entity, c.Confidence, c.Level }) }, Jsons.Options));
            }
            else
            {
                foreach (var c in columns) _out.WriteLine($"{c.Name,-24} {c.Entity ?? "-",-16} {c.Confidence,5:0.00} level {c.Level}");
            }
            return 0;
        }));
        var command = new Command("mask", "Detection and masking");
        command.Subcommands.Add(detect);
        return command;
    }
}
