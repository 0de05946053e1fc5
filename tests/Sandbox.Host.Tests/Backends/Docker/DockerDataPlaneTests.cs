using System.Text.Json;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// Container jobs read the grant's materialization in place: <c>/data</c> holds hard links to it (no per-job copy), only
/// the tables the job declares, read-only, and the job reads them as its unprivileged user.
/// </summary>
[Collection("docker")]
public sealed class DockerDataPlaneTests(DockerCity city) : IClassFixture<DockerCity>
{
    private const string ListData = """
        import os
        for name in sorted(os.listdir('/data')):
            st = os.stat('/data/' + name)
            print(name, st.st_ino, oct(st.st_mode & 0o777), os.access('/data/' + name, os.R_OK), flush=True)
        try:
            open('/data/enterprise_registry.parquet', 'ab').write(b'x')
            print('WROTE', flush=True)
        except OSError as e:
            print('refused', e.errno, flush=True)
        """;

    [DockerFact]
    public void Run_WithTables_MountsOnlyThoseAsLinksToTheMaterialization()
    {
        var job = city.Run(city.PythonJob(ListData, tables: "[enterprise_registry]"));

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var lines = city.Logs(job).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("stdout: ", StringComparison.Ordinal)).Select(l => l["stdout: ".Length..]).ToList();
        var listed = lines.Where(l => !l.StartsWith("refused", StringComparison.Ordinal) && !l.StartsWith("WROTE", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(["enterprise_registry.arrow", "enterprise_registry.parquet"], listed.Select(l => l[0]));
        Assert.All(listed, l => Assert.Equal("True", l[3]));
        Assert.Contains(lines, l => l.StartsWith("refused", StringComparison.Ordinal));
        Assert.DoesNotContain("WROTE", lines);

        // The file the job read is the grant's materialization itself: the same inode.
        var materialized = Directory.GetFiles(Path.Combine(city.Home.Root, "materialized", "nj-credit-2026"), "enterprise_registry.*.parquet").Single();
        Assert.Equal(DataPlane.DataPlaneTests.Stat("%i", materialized), listed.Single(l => l[0] == "enterprise_registry.parquet")[1]);
    }

    [DockerFact]
    public void Run_SqlJobOnTwoTables_ReadsEachTablesOwnFile_AndWritesNoDatabase()
    {
        var job = city.Run(city.Home.Job("nj-credit-2026",
            "both: select (select count(*) from residents) as r, (select count(*) from enterprise_registry) as e"));

        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.GetProperty("reason").ToString());
        var outputs = job.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => File.ReadAllLines(o.GetProperty("path").GetString()!));
        // The synthetic city's 600 residents and 400 enterprises, both read by name in one statement.
        Assert.Equal("600,400", outputs["both"][1]);
        // (That no other catalog or file is readable to the runner: LockedTablesTests, and the container test below.)
        var directory = Path.Combine(city.Home.Root, "materialized", "nj-credit-2026");
        Assert.Empty(Directory.GetFiles(directory, "*.duckdb"));
        Assert.Single(Directory.GetFiles(directory, "residents.*.parquet"));
        Assert.Single(Directory.GetFiles(directory, "enterprise_registry.*.parquet"));
    }

    [DockerFact]
    public void Run_ContainerJob_FindsOnlyItsTables_AndOpensNoOtherTablesOrGrantsFile()
    {
        // The grant's other table is materialized on the host, and another grant's file lies beside it.
        city.Home.Ok("--as", TestHome.Bureau, "grant", "prepare", "nj-credit-2026");
        var materialized = Path.Combine(city.Home.Root, "materialized");
        var other = Directory.CreateDirectory(Path.Combine(materialized, "another-grant")).FullName;
        var registry = Directory.GetFiles(Path.Combine(materialized, "nj-credit-2026"), "enterprise_registry.*").Order(StringComparer.Ordinal).ToList();
        File.Copy(registry.First(f => f.EndsWith(".parquet", StringComparison.Ordinal)), Path.Combine(other, "residents.0123.parquet"));
        var paths = registry.Append(Path.Combine(other, "residents.0123.parquet")).Append("/data/enterprise_registry.parquet")
            .Append("/data/../" + registry[0].TrimStart('/')).ToList();
        var job = city.Run(city.PythonJob($$"""
            import glob
            for p in {{JsonSerializer.Serialize(paths)}}:
                try:
                    open(p, "rb").read(1)
                    print("READ", p)
                except OSError as e:
                    print("blocked:", type(e).__name__)
            for p in sorted(set(glob.glob("/*/*.duckdb") + glob.glob("/*/*.parquet") + glob.glob("/*/*.arrow") + glob.glob("/*/*/*.duckdb"))):
                print("found", p)
            print("own", len(open("/data/residents.parquet", "rb").read(16)))
            """, tables: "[residents]"));

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var logs = city.Logs(job);
        Assert.DoesNotContain("READ", logs);
        Assert.Equal(paths.Count, logs.Split('\n').Count(l => l.Contains("blocked:", StringComparison.Ordinal)));
        var found = logs.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("found ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("found ", StringComparison.Ordinal) + 6)..]).ToList();
        Assert.Equal(["/data/residents.arrow", "/data/residents.parquet"], found);
        Assert.Contains("own 16", logs);
    }

    [DockerFact]
    public void Run_WithATableOutsideTheGrant_IsRefusedAtAdmission()
    {
        var job = city.Run(city.PythonJob("print('never')", tables: "[enterprise_registry, people_secret]"));

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("tables: people_secret is not granted", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
