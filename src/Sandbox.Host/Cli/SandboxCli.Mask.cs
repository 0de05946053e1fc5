using System.CommandLine;
using DuckDB.NET.Data;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Staging;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Rules;
using Sandbox.Policy.Access;

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
                _out.WriteLine(Jsons.Serialize(new { columns = columns.Select(c => new { c.Name, c.Entity, c.Confidence, c.Level }) }));
            }
            else
            {
                TextTable.Write(_out, Headers("column", "entity", "confidence", "level"),
                    columns.Select(c => new[] { c.Name, c.Entity, c.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), c.Level.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            }
            return 0;
        }));
        var command = new Command("mask", "Detection and masking");
        command.Subcommands.Add(detect);
        command.Subcommands.Add(MaskApplyCommand());
        return command;
    }

    private Command MaskApplyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV or Parquet file" };
        var rules = new Option<string>("--rules") { Description = "A masking-rule document (policies/masking/*.yaml)", Required = true };
        var output = new Option<string>("--out") { Description = "The masked file: .csv, .parquet or .arrow (Arrow IPC)", Required = true };
        var apply = new Command("apply", "Mask a file by a rule document: every column classified, every level-3+ column masked") { file, rules, output };
        apply.SetAction(Guard(async (parse, ct) =>
        {
            var source = parse.GetValue(file)!;
            var target = parse.GetValue(output)!;
            if (File.Exists(target)) throw new InputException(new LocalMessage("cli.mask.exists", ("path", target)));
            var format = Path.GetExtension(target).ToLowerInvariant() switch
            {
                ".csv" => "csv",
                ".parquet" => "parquet",
                ".arrow" or ".ipc" or ".feather" => "arrow",
                var other => throw new InputException(new LocalMessage("cli.mask.out-type", ("path", target), ("extension", other))),
            };

            // 1. The rule document: every error names file, line and field.
            var document = MaskingRuleDocument.Load(parse.GetValue(rules)!);
            if (document.Errors.Count > 0)
            {
                throw new InputException(string.Join('\n', document.Errors));
            }

            // 2. Classify every column; resolve its rule; a weaker rule without consent refuses the whole file.
            var dataset = Path.GetFileNameWithoutExtension(source);
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            var input = ProviderFile.Open(duck, source); // identifier columns as the file's text, never a rounded number
            var columns = input.Columns;
            var decisions = columns.Select(c => (Column: c, Decision: document.Document!.Resolve(dataset, c.Name, c.Entity, c.Level))).ToList();
            if (decisions.FirstOrDefault(d => !d.Decision.Allowed) is { Decision: { } refused })
            {
                throw new RefusedException(refused.Refusal!);
            }

            // 3. Stream: DuckDB reads the file as Arrow batches, the engine masks them, the writer writes the output.
            // Keys are the home's: tokens are derived from its masking master key under a scope of their own, so
            // they are unguessable outside the domain and never join with a grant's tokens.
            using var session = Open(parse);
            session.Authorize(AccessAction.MaskWithHomeKey, AccessResource.Platform);
            using var engine = new MaskingEngine(session.MaskingKey, "mask-apply:" + dataset);
            var partial = target + ".partial";
            using (var select = duck.CreateCommand())
            {
                select.CommandText = $"SELECT {string.Join(", ", decisions.Select(d => MaskedSelect.Expression(d.Column.Name, d.Column.Type, d.Decision.Rule!)))} FROM {input.Source}";
                using var stream = select.ExecuteArrowStream();
                var plans = decisions.Select(d => MaskedSelect.Plan(d.Column.Name, d.Decision.Rule!)).ToList();
                var parquet = format == "arrow" ? null : format == "parquet" ? partial : target + ".tmp.parquet";
                try
                {
                    await MaskedTableWriter.WriteAsync(stream, engine, plans, format == "arrow" ? partial : null, parquet, ct).ConfigureAwait(false);
                    if (format == "csv")
                    {
                        Sql.Execute(duck, $"COPY (SELECT * FROM read_parquet({Sql.Literal(parquet!)})) TO {Sql.Literal(partial)} (FORMAT csv, HEADER)");
                    }
                    // Written whole, then renamed: a failure never leaves a half-written output behind.
                    File.Move(partial, target);
                }
                catch (MaskingPlanException ex)
                {
                    throw new InputException($"{parse.GetValue(rules)}: {ex.Message}");
                }
                finally
                {
                    File.Delete(partial);
                    if (format == "csv") File.Delete(parquet!);
                }
            }
            session.Store.Record(session.Actor, AuditActions.MaskApply, Path.GetFullPath(target),
                new { source = Path.GetFileName(source), rules = Path.GetFullPath(parse.GetValue(rules)!), columns = decisions.Select(d => new { d.Column.Name, d.Column.Level, technique = d.Decision.Rule!.Technique }) });

            foreach (var (column, decision) in decisions)
            {
                _out.WriteLine($"{column.Name,-24} {Messages.Get("cli.mask.level", ("level", column.Level))} {decision.Rule!.Technique,-14} {decision.Source}");
            }
            return 0;
        }));
        return apply;
    }
}
