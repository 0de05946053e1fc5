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
        Assert.Equal(["enterprise_registry.arrow", "enterprise_registry.parquet", "sandbox.duckdb"], listed.Select(l => l[0]));
        Assert.All(listed, l => Assert.Equal("True", l[3]));
        Assert.Contains(lines, l => l.StartsWith("refused", StringComparison.Ordinal));
        Assert.DoesNotContain("WROTE", lines);

        // The file the job read is the grant's materialization itself: the same inode.
        var materialized = Directory.GetFiles(Path.Combine(city.Home.Root, "materialized", "nj-credit-2026"), "enterprise_registry.*.parquet").Single();
        Assert.Equal(DataPlane.DataPlaneTests.Stat("%i", materialized), listed.Single(l => l[0] == "enterprise_registry.parquet")[1]);
    }

    [DockerFact]
    public void Run_WithATableOutsideTheGrant_IsRefusedAtAdmission()
    {
        var job = city.Run(city.PythonJob("print('never')", tables: "[enterprise_registry, people_secret]"));

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("tables: people_secret is not granted", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
