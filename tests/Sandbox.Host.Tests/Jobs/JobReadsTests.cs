using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Host.Tests.Exports;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>
/// What a job reads is recorded once, when the policy admits it, and carried forward: the export gate and the release
/// manifest read the record, not the job's SQL again. A job admitted before the record existed still works (its SQL is
/// read as before).
/// </summary>
public sealed class JobReadsTests : IClassFixture<JobReadsTests.City>
{
    public sealed class City() : ExportCity(
        "by_district: select district, count(*) as enterprises from enterprise_registry group by district",
        "joined: select e.district, count(*) as n from enterprise_registry e join residents r on r.district = e.district group by e.district");

    private readonly TestHome _home;
    private readonly string _job;

    public JobReadsTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private string? StoredReads(string jobId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_home.Root, "control.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM job_reads WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        return command.ExecuteScalar() as string;
    }

    [Fact]
    public void Admission_RecordsTablesColumnsAndCounts()
    {
        var reads = JsonDocument.Parse(StoredReads(_job) ?? throw new Xunit.Sdk.XunitException("no reads recorded")).RootElement;
        var queries = reads.GetProperty("queries").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);

        Assert.Equal(["enterprise_registry"], queries["by_district"].GetProperty("tables").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([1], queries["by_district"].GetProperty("countColumnOrdinals").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Equal(["enterprise_registry", "residents"], queries["joined"].GetProperty("tables").EnumerateArray().Select(t => t.GetString()!).Order());
        var columns = queries["joined"].GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("table").GetString()}.{c.GetProperty("column").GetString()}").ToList();
        Assert.Contains("residents.district", columns);
        Assert.Contains("enterprise_registry.district", columns);
        Assert.NotEmpty(queries["joined"].GetProperty("ast").GetString()!);
    }

    [Fact]
    public void RefusedJob_RecordsNothing()
    {
        var job = _home.Job("nj-credit-2026", "names: select legal_rep_name, count(*) as n from enterprise_registry group by 1");
        var (code, output, _) = _home.Run("job", "run", "--wait", job, "--json");
        Assert.Equal(1, code);
        Assert.Null(StoredReads(JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!));
    }

    [Fact]
    public void Release_NamesTheDatasetsRecordedAtAdmission_NotWhatTheStoredSqlSaysNow()
    {
        // Someone edits the job's stored SQL after admission: the manifest still names what the job was admitted to read.
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026",
            "by_district: select district, count(*) as enterprises from enterprise_registry group by district"), "--json")).RootElement.GetProperty("id").GetString()!;
        _home.Sql($"UPDATE jobs SET spec_json = replace(spec_json, 'from enterprise_registry', 'from residents') WHERE id = '{job}'");

        var manifest = Release(job, "by_district");
        Assert.Equal(["enterprise_registry"], manifest.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public void JobAdmittedBeforeTheRecord_IsStillCheckedAndReleasedFromItsSql()
    {
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026",
            "by_district: select district, count(*) as enterprises from enterprise_registry group by district"), "--json")).RootElement.GetProperty("id").GetString()!;
        // An older job's evidence was written with its output; a job without the record has none measured for it later.
        _home.Ok("export", "request", job, "by_district");
        _home.Sql($"DELETE FROM job_reads WHERE job_id = '{job}'");

        var manifest = Release(job, "by_district");
        Assert.Equal(["enterprise_registry"], manifest.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    private JsonElement Release(string job, string output)
    {
        var request = JsonDocument.Parse(_home.Ok("export", "request", job, output, "--json")).RootElement;
        Assert.Equal("pass", request.GetProperty("verdict").GetString());
        var id = request.GetProperty("id").GetString()!;
        _home.Ok("--as", "gov-reviewer", "export", "review", id, "--stage", "technical", "--approve", "--note", "counts by district");
        _home.Ok("--as", "expert-reviewer", "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "fit for release");
        var to = Path.Combine(_home.Root, "released-" + id);
        _home.Ok("export", "release", id, "--to", to);
        var bundle = Directory.GetDirectories(to).Single();
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json"))).RootElement;
    }
}
