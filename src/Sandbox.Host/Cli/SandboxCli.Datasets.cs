using System.CommandLine;
using System.Text.Json;
using Sandbox.Host.Access;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
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
        var import = new Command("import", "Import a provider file into the domain and classify its columns") { file, name, provider, subject };
        import.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            session.Authorize(AccessAction.DatasetImport, AccessResource.Platform);
            var record = DatasetImporter.Import(session, parse.GetValue(file)!, parse.GetValue(name)!, parse.GetValue(provider), parse.GetValue(subject));
            WriteDataset(parse, record);
            return 0;
        }));

        var list = new Command("list", "List datasets");
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var all = session.Store.ListDatasets().Where(d => session.Can(AccessAction.DatasetView, Resources.Dataset(session, d.Name))).ToList();
            if (Json(parse)) _out.WriteLine(JsonSerializer.Serialize(all, Jsons.Options));
            else foreach (var d in all) _out.WriteLine($"{d.Name,-24} {d.Rows,10} rows  {d.Columns.Count,3} columns  sha256 {d.Sha256[..16]}…");
            return 0;
        }));

        var showName = new Argument<string>("NAME");
        var show = new Command("show", "Show a dataset's schema and classification") { showName };
        show.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var notFound = $"NAME: no dataset '{parse.GetValue(showName)}'";
            var record = session.Store.FindDataset(parse.GetValue(showName)!) ?? throw new NotFoundException(notFound);
            session.Authorize(AccessAction.DatasetView, Resources.Dataset(session, record.Name), notFound);
            WriteDataset(parse, record);
            return 0;
        }));

        var command = new Command("dataset", "Datasets of the domain");
        command.Subcommands.Add(import);
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private void WriteDataset(ParseResult parse, DatasetRecord d)
    {
        if (Json(parse))
        {
            _out.WriteLine(JsonSerializer.Serialize(d, Jsons.Options));
            return;
        }
        _out.WriteLine($"dataset {d.Name}: {d.Rows} rows, provider {d.Provider ?? "-"}, subject {d.Subject ?? "-"}");
        _out.WriteLine($"  sha256 {d.Sha256}");
        _out.WriteLine($"  {"column",-24} {"type",-10} {"entity",-16} {"conf",5} level");
        foreach (var c in d.Columns)
        {
            _out.WriteLine($"  {c.Name,-24} {c.Type,-10} {c.Entity ?? "-",-16} {c.Confidence,5:0.00} {c.Level}");
        }
    }
}
