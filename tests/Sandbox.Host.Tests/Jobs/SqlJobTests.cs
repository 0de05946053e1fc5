using System.Text.Json;

namespace Sandbox.Host.Tests.Jobs;

public sealed class SqlJobTests : IClassFixture<SqlJobTests.City>
{
    public sealed class City : IDisposable
    {
        public TestHome Home { get; } = new TestHome().WithCity();
        public void Dispose() => Home.Dispose();
    }

    private readonly TestHome _home;

    public SqlJobTests(City city) => _home = city.Home;

    [Fact]
    public void Run_AggregateQuery_SucceedsWithContractJson()
    {
        var job = _home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district order by district");
        var json = JsonDocument.Parse(_home.Ok("job", "run", job, "--wait", "--json")).RootElement;

        Assert.Equal("succeeded", json.GetProperty("state").GetString());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        var output = json.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("by_district", output.GetProperty("name").GetString());
        Assert.Equal(11, output.GetProperty("rows").GetInt64());
        Assert.True(output.GetProperty("bytes").GetInt64() > 0);
        Assert.True(File.Exists(output.GetProperty("path").GetString()));

        var shown = JsonDocument.Parse(_home.Ok("job", "show", json.GetProperty("id").GetString()!, "--json")).RootElement;
        foreach (var key in new[] { "id", "state", "exitCode", "reason", "outputs" }) Assert.True(shown.TryGetProperty(key, out _), key);
    }

    [Fact]
    public void Run_NonGrantedColumn_RefusedNamingTheColumn()
    {
        var job = _home.Job("nj-credit-2026", "names: select upper(legal_rep_name) as who, count(*) as n from enterprise_registry group by 1");
        var (code, output, _) = _home.Run("job", "run", job, "--wait", "--json");

        Assert.Equal(1, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.Contains("enterprise_registry.legal_rep_name", json.GetProperty("reason").GetString());
        Assert.Empty(json.GetProperty("outputs").EnumerateArray());
    }

    [Fact]
    public void Run_NonGrantedTable_Refused()
    {
        var job = _home.Job("nj-credit-2026", "x: select count(*) as n from audit");
        var (code, output, _) = _home.Run("job", "run", job, "--wait", "--json");
        Assert.Equal(1, code);
        Assert.Contains("audit", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Run_UnknownGrant_Refused()
    {
        var (code, _, err) = _home.Run("job", "run", "--wait", _home.Job("no-such-grant", "x: select 1 as one"), "--json");
        Assert.Equal(2, code);
        Assert.Contains("grant: no grant 'no-such-grant'", err);
    }

    [Theory]
    [InlineData("x: select * from read_csv('/etc/passwd')")]
    [InlineData("x: select * from read_parquet('/etc/shadow')")]
    public void Run_TableFunctionReadingHostFiles_Refused(string query)
    {
        var (code, output, _) = _home.Run("job", "run", "--wait", _home.Job("nj-credit-2026", query), "--json");
        Assert.Equal(1, code);
        Assert.Contains("not allowed", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("x: \"COPY enterprise_registry TO '/tmp/leak.csv'\"")]
    [InlineData("x: \"ATTACH '/tmp/other.db' AS o\"")]
    [InlineData("x: INSTALL httpfs")]
    [InlineData("x: LOAD httpfs")]
    [InlineData("x: PRAGMA database_list")]
    [InlineData("x: select from where")]
    public void Run_NonSelectOrMalformedSql_ExitsTwoNamingFileAndQuery(string query)
    {
        var job = _home.Job("nj-credit-2026", query);
        var (code, _, err) = _home.Run("job", "run", "--wait", job);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(Path.GetFileName(job) + ":4", err);
        Assert.Contains("queries.x", err);
        Assert.False(File.Exists("/tmp/leak.csv"));
    }

    [Fact]
    public void Run_MalformedYaml_ExitsTwoAndStoresNoJob()
    {
        var job = Path.Combine(_home.Root, "broken.yaml");
        File.WriteAllText(job, "grant: nj-credit-2026\nkind: sql\nqueries: [unclosed\n");
        var before = _home.Ok("job", "list", "--json");

        var (code, _, err) = _home.Run("job", "run", "--wait", job);

        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains("broken.yaml", err);
        Assert.Equal(before, _home.Ok("job", "list", "--json"));
    }

    [Fact]
    public void Run_MaskedColumns_OperatorSeesOnlyMaskedValues()
    {
        var raw = File.ReadLines(Path.Combine(_home.Root, "inputs", "residents.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var job = _home.Job("nj-credit-2026", "ids: select resident_id from residents");
        var json = JsonDocument.Parse(_home.Ok("job", "run", "--wait", job, "--json")).RootElement;
        var output = File.ReadAllText(json.GetProperty("outputs")[0].GetProperty("path").GetString()!);

        Assert.DoesNotContain(raw, r => output.Contains(r[0], StringComparison.Ordinal));
        Assert.Matches("tk_[a-z2-7]{20}", output);
    }

    [Fact]
    public void Run_WorkspaceIsDeletedAfterTheJob()
    {
        var json = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026", "n: select count(*) as n from residents"), "--json")).RootElement;
        Assert.False(Directory.Exists(Path.Combine(_home.Root, "workspaces", json.GetProperty("id").GetString()!)));
    }
}
