using System.CommandLine;
using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Masking.Detection;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command DatasetCommand()
    {
        var file = new Argument<string>("FILE") { Description = "A CSV (with header) or Parquet file" };
        var name = new Option<string>("--name") { Description = "Dataset (table) name", Required = true };
        var provider = new Option<string?>("--provider") { Description = "The providing department" };
        var subject = new Option<string?>("--subject") { Description = "The column naming the person or enterprise each row is about" };
        var encoding = new Option<string>("--encoding")
        {
            Description = $"The CSV's text encoding: {string.Join(", ", CsvPreflight.EncodingNames)} (default utf-8)",
            DefaultValueFactory = _ => "utf-8",
        };
        var replace = new Option<bool>("--replace") { Description = "Replace an existing dataset of this name (its current version is kept in history)" };
        var progress = new Option<bool>("--progress") { Description = "Report progress on stderr (the default when stderr is a terminal)" };
        var import = new Command("import", "Import a provider file into the domain and classify its columns") { file, name, provider, subject, encoding, replace, progress };
        import.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.DatasetImport, AccessResource.Platform);
            // Progress goes to stderr only, never into --json output; on a terminal by default.
            var report = parse.GetValue(progress) || (ReferenceEquals(_err, System.Console.Error) && !System.Console.IsErrorRedirected)
                ? (Action<string>)(line => _err.WriteLine(line)) : null;
            var options = new DatasetImporter.Options(parse.GetValue(encoding)!, parse.GetValue(replace), report);
            var record = DatasetImporter.Import(session, parse.GetValue(file)!, parse.GetValue(name)!, parse.GetValue(provider), parse.GetValue(subject), options);
            WriteDataset(parse, record, session.Store.ListDatasetVersions(record.Name));
            return 0;
        }));

        var list = new Command("list", "List datasets");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var all = session.Store.ListDatasets().Where(d => session.Can(AccessAction.DatasetView, Resources.Dataset(session, d.Name))).ToList();
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(all));
            else TextTable.Write(_out, Headers("dataset", "rows", "columns", "provider", "sha256"),
                all.Select(d => new[] { d.Name, d.Rows.ToString("N0", CultureInfo.InvariantCulture), d.Columns.Count.ToString(CultureInfo.InvariantCulture), d.Provider, d.Sha256[..16] + "…" }));
            return 0;
        }));

        var showName = new Argument<string>("NAME");
        var show = new Command("show", "Show a dataset's schema and classification") { showName };
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var notFound = new LocalMessage("cli.dataset.not-found", ("name", parse.GetValue(showName)));
            var record = session.Store.FindDataset(parse.GetValue(showName)!) ?? throw new NotFoundException(notFound);
            session.Authorize(AccessAction.DatasetView, Resources.Dataset(session, record.Name), notFound);
            WriteDataset(parse, record, session.Store.ListDatasetVersions(record.Name));
            return 0;
        }));

        var command = new Command("dataset", "Datasets of the domain");
        command.Subcommands.Add(import);
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(DatasetClassifyCommand());
        return command;
    }

    private Command DatasetClassifyCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The dataset" };
        var column = new Argument<string>("COLUMN") { Description = "The column to classify" };
        var entity = new Option<string>("--entity") { Description = $"What the column holds: {string.Join(", ", Entities.All)}, or none", Required = true };
        var level = new Option<int>("--level") { Description = "Classification level 1–4", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why detection was wrong (recorded in the audit log)", Required = true };
        var classify = new Command("classify", "Correct a column's classification; grants and masking follow it") { name, column, entity, level, reason };
        classify.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.DatasetClassify, AccessResource.Platform);
            var dataset = parse.GetValue(name)!;
            var record = session.Store.FindDataset(dataset) ?? throw new NotFoundException(Messages.Get("cli.dataset.not-found", ("name", dataset)));
            var columnName = parse.GetValue(column)!;
            if (record.Columns.All(c => c.Name != columnName))
            {
                throw new InputException(new LocalMessage("cli.dataset.no-column", ("column", columnName), ("dataset", dataset), ("columns", string.Join(", ", record.Columns.Select(c => c.Name)))));
            }
            var entityName = parse.GetValue(entity)!.Trim();
            string? classified = entityName is "none" or "-" ? null : entityName;
            if (classified is not null && !Entities.All.Contains(classified))
            {
                throw new InputException(new LocalMessage("cli.dataset.entity-unknown", ("entity", entityName), ("known", string.Join(", ", Entities.All))));
            }
            var newLevel = parse.GetValue(level);
            if (newLevel is < 1 or > 4) throw new InputException(new LocalMessage("cli.dataset.level", ("level", newLevel)));
            var why = parse.GetValue(reason)!.Trim();
            if (why.Length == 0) throw new InputException(new LocalMessage("cli.reason-empty"));
            var before = record.Columns.First(c => c.Name == columnName);
            session.Store.Change(session.Actor, AuditActions.DatasetClassify, $"{dataset}.{columnName}",
                new { dataset, column = columnName, from = new { before.Entity, before.Level }, entity = classified, level = newLevel, reason = why },
                tx => { tx.PutColumnClassification(dataset, columnName, classified, newLevel, why, session.Actor); return 0; });
            WriteDataset(parse, session.Store.FindDataset(dataset)!);
            return 0;
        }));
        return classify;
    }

    private void WriteDataset(ParseResult parse, DatasetRecord d, IReadOnlyList<DatasetVersion>? versions = null)
    {
        if (Json(parse))
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(Jsons.Serialize(d))!.AsObject();
            if (versions is not null) json["versions"] = System.Text.Json.Nodes.JsonNode.Parse(Jsons.Serialize(versions));
            _out.WriteLine(json.ToJsonString(Jsons.Options));
            return;
        }
        _out.WriteLine(Messages.Get("cli.dataset.summary", ("name", d.Name), ("rows", d.Rows), ("provider", d.Provider ?? "-"), ("subject", d.Subject ?? "-")));
        _out.WriteLine($"  sha256 {d.Sha256}");
        TextTable.Write(_out, Headers("column", "type", "entity", "confidence", "level"),
            d.Columns.Select(c => new[] { c.Name, c.Type, c.Entity, c.Confidence.ToString("0.00", CultureInfo.InvariantCulture), c.Level.ToString(CultureInfo.InvariantCulture) }));
        if (versions is not { Count: > 0 }) return;
        _out.WriteLine(Messages.Get("cli.dataset.versions"));
        TextTable.Write(_out, [.. Headers("version", "sha256", "rows", "imported-at", "importer"), ""],
            versions.Reverse().Select(v => new[]
            {
                v.Version.ToString(CultureInfo.InvariantCulture), v.Sha256[..16] + "…", v.Rows.ToString("N0", CultureInfo.InvariantCulture),
                v.ImportedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), v.ImportedBy ?? "-", v.Sha256 == d.Sha256 ? Messages.Get("cli.dataset.current") : "",
            }));
    }
}
