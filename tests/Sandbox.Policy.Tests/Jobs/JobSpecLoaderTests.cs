using Sandbox.Documents;
using Sandbox.Policy.Jobs;

namespace Sandbox.Policy.Tests.Jobs;

public sealed class JobSpecLoaderTests
{
    private const string File = "jobs/district.yaml";

    private const string SqlJob = """
        grant: nj-credit-2026
        kind: sql
        queries:
          district_counts: select district, count(*) as enterprises from enterprise_registry group by district
          by_industry: |
            select industry, count(*) as n
            from enterprise_registry
            group by industry
        limits: { timeout: 5m, memory: 1GiB, cpus: 0.5, pids: 64, output: 10MB }
        """;

    private static PolicyDocumentException LoadInvalid(string yaml) =>
        Assert.Throws<PolicyDocumentException>(() => JobSpecLoader.Load(File, yaml));

    [Fact]
    public void Load_SqlJob_ReadsQueriesInOrderWithLines()
    {
        var job = JobSpecLoader.Load(File, SqlJob);

        Assert.Equal("nj-credit-2026", job.Grant);
        Assert.Equal(JobKinds.Sql, job.Kind);
        Assert.Equal(File, job.SourceFile);
        Assert.Equal(["district_counts", "by_industry"], job.Queries.Select(q => q.Name));
        Assert.Equal([4, 5], job.Queries.Select(q => q.Line));
        Assert.StartsWith("select district, count(*)", job.Queries[0].Sql);
        Assert.Contains("group by industry", job.Queries[1].Sql);
    }

    [Fact]
    public void Load_Limits_AreParsedWithUnits()
    {
        var limits = JobSpecLoader.Load(File, SqlJob).Limits;

        Assert.Equal(new JobLimits(TimeSpan.FromMinutes(5), 1L << 30, 0.5, 64, 10_000_000), limits);
    }

    [Fact]
    public void Load_NoLimits_UsesDefaults()
    {
        var job = JobSpecLoader.Load(File, "grant: g\nkind: sql\nqueries: { a: select 1 }\n");

        Assert.Same(JobLimits.Default, job.Limits);
        Assert.Equal(new JobLimits(TimeSpan.FromSeconds(60), 512L * 1024 * 1024, 1, 128, 64L * 1024 * 1024), JobLimits.Default);
    }

    [Fact]
    public void Load_SomeLimits_KeepsDefaultsForTheRest()
    {
        var job = JobSpecLoader.Load(File, "grant: g\nkind: sql\nqueries: { a: select 1 }\nlimits: { timeout: 500ms }\n");

        Assert.Equal(JobLimits.Default with { Timeout = TimeSpan.FromMilliseconds(500) }, job.Limits);
    }

    [Fact]
    public void Load_ContainerJob_ReadsImageCommandFiles()
    {
        const string yaml = """
            grant: nj-credit-2026
            kind: container
            image: sandbox/python
            command: [python3, main.py]
            files: ./analysis
            """;

        var job = JobSpecLoader.Load(File, yaml);

        Assert.Equal("sandbox/python", job.Image);
        Assert.Equal(["python3", "main.py"], job.Command);
        Assert.Equal("./analysis", job.Files);
        Assert.Empty(job.Queries);
    }

    [Theory]
    [InlineData("/home/sandbox/keys", "absolute")]
    [InlineData("~/keys", "absolute")]
    [InlineData("../home/keys", "'..'")]
    [InlineData("code/../../keys", "'..'")]
    [InlineData("code/..", "'..'")]
    [InlineData("code\\..\\keys", "'\\'")]
    [InlineData("\"code\\0x\"", "control character")]
    [InlineData("''", "empty")]
    public void Load_FilesLeavingTheJobFolder_IsRefusedNamingTheField(string files, string why)
    {
        var error = Assert.Single(LoadInvalid($"grant: g\nkind: container\nimage: sandbox/python\ncommand: [python3]\nfiles: {files}\n").Errors);

        Assert.Equal("files", error.Field);
        Assert.Contains(why, error.Message);
        Assert.Equal(5, error.Line);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("./code")]
    [InlineData("code/lib")]
    [InlineData("code..v2")]
    public void Load_FilesInsideTheJobFolder_IsKept(string files)
    {
        var job = JobSpecLoader.Load(File, $"grant: g\nkind: container\nimage: sandbox/python\ncommand: [python3]\nfiles: {files}\n");

        Assert.Equal(files, job.Files);
    }

    [Fact]
    public void Load_ContainerTables_AreKeptInOrder()
    {
        var job = JobSpecLoader.Load(File, "grant: g\nkind: container\nimage: sandbox/python\ntables: [residents, enterprise_registry]\n");

        Assert.Equal(["residents", "enterprise_registry"], job.Tables);
        Assert.Empty(JobSpecLoader.Load(File, "grant: g\nkind: container\nimage: sandbox/python\n").Tables);
    }

    [Theory]
    [InlineData("tables: [residents, Residents]", "listed twice")]
    [InlineData("tables: ['../keys']", "not a table name")]
    [InlineData("tables: ['a b']", "not a table name")]
    [InlineData("tables: []", "lists no table")]
    [InlineData("tables: residents", "expected a list")]
    public void Load_BadTables_AreRefusedNamingTheField(string line, string why)
    {
        var error = Assert.Single(LoadInvalid($"grant: g\nkind: container\nimage: sandbox/python\n{line}\n").Errors);

        Assert.Equal("tables", error.Field);
        Assert.Contains(why, error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Load_TablesOnASqlJob_IsRefused()
    {
        var error = Assert.Single(LoadInvalid("grant: g\nkind: sql\nqueries: { a: select 1 }\ntables: [residents]\n").Errors);

        Assert.Equal("tables", error.Field);
        Assert.Contains("only to container jobs", error.Message);
    }

    [Fact]
    public void Load_ContainerWithoutImage_IsRefused()
    {
        var error = Assert.Single(LoadInvalid("grant: g\nkind: container\n").Errors);

        Assert.Equal("image", error.Field);
    }

    [Fact]
    public void Load_SqlJobWithoutQueries_IsRefused()
    {
        Assert.Equal("queries", Assert.Single(LoadInvalid("grant: g\nkind: sql\n").Errors).Field);
        Assert.Equal("queries", Assert.Single(LoadInvalid("grant: g\nkind: sql\nqueries: {}\n").Errors).Field);
    }

    [Theory]
    [InlineData("District")]
    [InlineData("1st")]
    [InlineData("../etc")]
    [InlineData("a-b")]
    public void Load_QueryNameNotAFileStem_IsRefused(string name)
    {
        var error = Assert.Single(LoadInvalid($"grant: g\nkind: sql\nqueries:\n  ok: select 1\n  \"{name}\": select 2\n").Errors);

        Assert.Equal($"queries.{name}", error.Field);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Load_QueryName63Characters_IsAccepted()
    {
        var name = "q" + new string('x', 62);

        Assert.Equal(name, JobSpecLoader.Load(File, $"grant: g\nkind: sql\nqueries: {{ {name}: select 1 }}\n").Queries[0].Name);
        LoadInvalid($"grant: g\nkind: sql\nqueries: {{ {name}x: select 1 }}\n");
    }

    [Theory]
    [InlineData("timeout", "60")]
    [InlineData("timeout", "fast")]
    [InlineData("timeout", "0s")]
    [InlineData("timeout", "30d")]
    [InlineData("memory", "lots")]
    [InlineData("memory", "-1MiB")]
    [InlineData("memory", "1PB")]
    [InlineData("cpus", "0")]
    [InlineData("cpus", "two")]
    [InlineData("pids", "1.5")]
    [InlineData("pids", "-3")]
    [InlineData("output", "0")]
    public void Load_InvalidLimit_NamesLimitAndValue(string key, string value)
    {
        var error = Assert.Single(LoadInvalid($"grant: g\nkind: sql\nqueries: {{ a: select 1 }}\nlimits:\n  {key}: \"{value}\"\n").Errors);

        Assert.Equal($"limits.{key}", error.Field);
        Assert.Equal(5, error.Line);
        Assert.Contains($"found '{value}'", error.Message);
    }

    [Fact]
    public void Load_SeveralProblems_ReportsAll()
    {
        const string yaml = """
            kind: batch
            queries: { a: select 1 }
            limits: { timeout: soon, memory: 1GiB, disk: 1GiB }
            """;

        var errors = LoadInvalid(yaml).Errors;

        Assert.Equal(
            [(1, "grant"), (1, "kind"), (3, "limits.disk"), (3, "limits.timeout")],
            errors.Select(e => (e.Line, e.Field)).Order());
    }

    [Fact]
    public void Load_ContainerKeysOnSqlJob_AreRefused()
    {
        var error = Assert.Single(LoadInvalid("grant: g\nkind: sql\nqueries: { a: select 1 }\nimage: x\n").Errors);

        Assert.Equal("image", error.Field);
        Assert.Equal(4, error.Line);
    }
}
