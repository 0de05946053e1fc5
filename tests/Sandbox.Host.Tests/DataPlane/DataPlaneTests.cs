using System.Text.Json;
using DuckDB.NET.Data;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Staging;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Tests.DataPlane;

/// <summary>
/// The data plane: masked once per grant and dataset version, read in place, and the job's DuckDB reads nothing else —
/// tried by path, by glob and by replacement scan against the raw file, another grant's materialization and the keys.
/// </summary>
public sealed class DataPlaneTests : IDisposable
{
    private const string Grant = "nj-credit-2026";
    private readonly TestHome _home = new TestHome().WithCity(enterprises: 50, residents: 120);

    public void Dispose() => _home.Dispose();

    [Fact]
    public void StageInPlace_TheJobReadsItsTablesAndNoFile()
    {
        var (workspace, session) = Stage(Grant, "residents");
        using var _ = session;
        try
        {
            var job = workspace.Connection!;
            Assert.Equal(120L, Scalar(job, "SELECT count(*) FROM residents"));
            // Read in place through a view: no table was copied into the job's DuckDB.
            Assert.Equal(0L, Scalar(job, "SELECT count(*) FROM duckdb_tables()"));

            var raw = session.Store.FindDataset("residents")!.Path;
            var other = Materializer.Ensure(session.Home, "another-grant", session.MaskingKey, Plans(session, Grant, "residents")[0], CancellationToken.None).Parquet;
            var keys = session.Home.KeysDirectory;
            string[] attempts =
            [
                $"SELECT * FROM read_parquet('{raw}')",
                $"SELECT * FROM '{raw}'",
                $"SELECT * FROM read_parquet('{Path.GetDirectoryName(raw)}/*.parquet')",
                $"SELECT * FROM glob('{Path.GetDirectoryName(raw)}/*')",
                $"SELECT * FROM read_parquet('{other}')",
                $"SELECT * FROM '{other}'",
                $"SELECT * FROM read_parquet('{Path.GetDirectoryName(other)}/*.parquet')",
                $"SELECT * FROM read_parquet(['{other}', '{raw}'])",
                $"SELECT * FROM read_blob('{keys}/masking.key')",
                $"SELECT * FROM read_csv('{keys}/signing.ed25519')",
                $"SELECT * FROM glob('{keys}/*')",
                "SELECT * FROM read_csv('/etc/passwd')",
                $"ATTACH '{session.Home.StorePath}' AS control",
                "SET enable_external_access = true",
                "SET allowed_paths = ['/']",
            ];
            foreach (var sql in attempts)
            {
                Assert.ThrowsAny<DuckDBException>(() => Scalar(job, sql));
            }
            // No setting the job can read names the home.
            using var settings = job.CreateCommand();
            settings.CommandText = "SELECT string_agg(value, ' ') FROM duckdb_settings()";
            Assert.DoesNotContain(session.Home.Root, (string)settings.ExecuteScalar()!, StringComparison.Ordinal);
        }
        finally
        {
            workspace.Delete();
        }
    }

    [Fact]
    public void Ensure_ConcurrentFirstUses_BuildOnce()
    {
        using var session = Admin();
        var plan = Plans(session, Grant, "residents")[0];
        var key = session.MaskingKey.ToArray();

        var results = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4)
            .Select(_ => Materializer.Ensure(session.Home, Grant, key, plan, CancellationToken.None)).ToList();

        Assert.Single(results, r => r.Built);
        Assert.Single(results.Select(r => r.Parquet).Distinct());
        Assert.Single(Directory.GetFiles(Materializer.DirectoryOf(session.Home, Grant), "residents.*.parquet"));
    }

    [Fact]
    public void Address_ChangesWithTheDatasetThePlanAndTheKey_NotOtherwise()
    {
        using var session = Admin();
        var plan = Plans(session, Grant, "residents")[0];
        var key = session.MaskingKey.ToArray();
        var address = Materializer.Address(plan, Grant, key);

        Assert.Equal(address, Materializer.Address(plan, Grant, key));
        Assert.NotEqual(address, Materializer.Address(plan with { Dataset = plan.Dataset with { Sha256 = new string('0', 64) } }, Grant, key));
        Assert.NotEqual(address, Materializer.Address(plan with { Columns = [.. plan.Columns.Skip(1)] }, Grant, key));
        Assert.NotEqual(address, Materializer.Address(plan, Grant, [.. key.Select(b => (byte)(b ^ 1))]));
        Assert.NotEqual(address, Materializer.Address(plan, "another-grant", key));
    }

    [Fact]
    public void CheckSubject_MeasuresOnceWhetherEachRowIsOneSubject_NotAtTheBuild()
    {
        using var session = Admin();
        var plan = Plans(session, Grant, "residents")[0];
        var directory = Materializer.DirectoryOf(session.Home, Grant);

        var table = Materializer.Ensure(session.Home, Grant, session.MaskingKey, plan, CancellationToken.None);
        Assert.False(table.UniqueSubject); // not measured by the build
        Assert.Empty(Directory.GetFiles(directory, "residents.*.unique"));
        Assert.True(Materializer.CheckSubject(session.Home, Grant, table, "resident_id", CancellationToken.None).UniqueSubject);
        Assert.True(Materializer.Ensure(session.Home, Grant, session.MaskingKey, plan, CancellationToken.None).UniqueSubject); // read back, not measured again
        Assert.False(Materializer.CheckSubject(session.Home, Grant, table, null, CancellationToken.None).UniqueSubject); // no subject, nothing to check
        // A subject column that repeats (districts) is not one subject per row, and is kept as such.
        var repeated = plan with { Dataset = plan.Dataset with { Subject = "district" } };
        var byDistrict = Materializer.Ensure(session.Home, "grant-by-district", session.MaskingKey, repeated, CancellationToken.None);
        Assert.False(Materializer.CheckSubject(session.Home, "grant-by-district", byDistrict, "district", CancellationToken.None).UniqueSubject);
        Assert.Single(Directory.GetFiles(Materializer.DirectoryOf(session.Home, "grant-by-district"), "residents.*.repeats"));
        Assert.Empty(Directory.GetFiles(Materializer.DirectoryOf(session.Home, "grant-by-district"), ".*")); // its spill folder went with it
    }

    [Fact]
    public void Ensure_WritesTheMaskedParquetAlone_AndRemovesATableDatabaseAnEarlierReleaseLeft()
    {
        using var session = Admin();
        var plan = Plans(session, Grant, "residents")[0];
        var directory = Directory.CreateDirectory(Materializer.DirectoryOf(session.Home, Grant)).FullName;
        var left = Path.Combine(directory, $"residents.{Materializer.Address(plan, Grant, session.MaskingKey)}.duckdb");
        File.WriteAllText(left, "a table database of an earlier release");

        var table = Materializer.Ensure(session.Home, Grant, session.MaskingKey, plan, CancellationToken.None);

        Assert.True(table.Built);
        Assert.Equal([Path.GetFileName(table.Parquet), "residents.lock"], Directory.GetFiles(directory, "residents.*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(directory, ".*")); // no temporary outlives the build
        Assert.Equal(120, Values(table.Parquet, "resident_id").Count);
    }

    [Fact]
    public void TwoGrants_OverOneDataset_ShareNoFileAndNoToken()
    {
        using var session = Admin();
        var plan = Plans(session, Grant, "residents")[0];
        var mine = Materializer.Ensure(session.Home, Grant, session.MaskingKey, plan, CancellationToken.None);
        var theirs = Materializer.Ensure(session.Home, "another-grant", session.MaskingKey, plan, CancellationToken.None);

        Assert.NotEqual(Path.GetDirectoryName(mine.Parquet), Path.GetDirectoryName(theirs.Parquet));
        var a = Values(mine.Parquet, "resident_id");
        var b = Values(theirs.Parquet, "resident_id");
        Assert.Equal(120, a.Count);
        Assert.Empty(a.Intersect(b));
    }

    [Fact]
    public void Jobs_ReuseTheMaterialization_AndReimportReplacesIt()
    {
        _home.Ok("job", "run", "--wait", _home.Job(Grant, "n: select district, count(*) as n from residents group by district"));
        _home.Ok("job", "run", "--wait", _home.Job(Grant, "n: select gender, count(*) as n from residents group by gender"));
        var directory = Path.Combine(_home.Root, "materialized", Grant);
        var first = Assert.Single(Directory.GetFiles(directory, "residents.*.parquet"));
        Assert.Single(Builds());

        // A new version of the dataset: the next job masks it anew, and the old version's files are gone.
        var csv = Path.Combine(_home.Root, "residents-v2.csv");
        var original = Directory.GetFiles(Path.Combine(_home.Root, "inputs")).Single(f => Path.GetFileName(f).Contains("resident", StringComparison.OrdinalIgnoreCase));
        File.WriteAllLines(csv, File.ReadAllLines(original).Take(61));
        _home.Ok("dataset", "import", csv, "--name", "residents", "--provider", "市公安局", "--subject", "resident_id", "--replace");
        var output = _home.Ok("job", "run", "--wait", _home.Job(Grant, "n: select count(*) as n from residents"), "--json");

        var second = Assert.Single(Directory.GetFiles(directory, "residents.*.parquet"));
        Assert.NotEqual(first, second);
        // No file holding the old version's masked rows is left behind.
        Assert.All(Directory.GetFiles(directory, "residents.*"), f => Assert.True(f.EndsWith(".lock", StringComparison.Ordinal) || f.Contains(Path.GetFileName(second).Split('.')[1], StringComparison.Ordinal), f));
        Assert.Equal(2, Builds().Count);
        Assert.Equal("succeeded", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void Jobs_OnDifferentSetsOfTables_ReadEachTablesOwnFile_AndCopyNothing()
    {
        _home.Ok("job", "run", "--wait", _home.Job(Grant, "n: select district, count(*) as n from residents group by district"));
        var directory = Path.Combine(_home.Root, "materialized", Grant);
        var residents = Assert.Single(Directory.GetFiles(directory, "residents.*.parquet"));
        var written = File.GetLastWriteTimeUtc(residents);

        var output = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job(Grant,
            "n: select r.district, count(*) as n from residents r join enterprise_registry e on r.district = e.district group by r.district"), "--json")).RootElement;

        Assert.Equal("succeeded", output.GetProperty("state").GetString());
        Assert.Single(Directory.GetFiles(directory, "enterprise_registry.*.parquet"));
        Assert.Equal(residents, Assert.Single(Directory.GetFiles(directory, "residents.*.parquet")));
        Assert.Equal(written, File.GetLastWriteTimeUtc(residents));
        Assert.Empty(Directory.GetFiles(directory, "*.duckdb"));
    }

    [Fact]
    public void Prepare_BuildsAheadAndTermination_DestroysWithAnAuditEntry()
    {
        var prepared = _home.Ok("--as", TestHome.Bureau, "grant", "prepare", Grant);
        Assert.Contains("residents", prepared);
        Assert.Contains("built", prepared);
        // Per table its masked Parquet, nothing else: jobs read it in place.
        var directory = Path.Combine(_home.Root, "materialized", Grant);
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Collection(files,
            f => Assert.Matches(@"^enterprise_registry\.[0-9a-f]{32}\.parquet$", f),
            f => Assert.Matches(@"^residents\.[0-9a-f]{32}\.parquet$", f));
        Assert.Contains("ready", _home.Ok("--as", TestHome.Bureau, "grant", "prepare", Grant));
        var (code, _, error) = _home.Run("--as", TestHome.Analyst, "grant", "prepare", Grant);
        Assert.Equal(1, code);
        Assert.Contains("may not", error);

        _home.Ok("--as", TestHome.Bureau, "grant", "terminate", Grant, "--reason", "agreement ended");

        Assert.False(Directory.Exists(Path.Combine(_home.Root, "materialized", Grant)));
        var audit = _home.Ok("--as", "city-auditor", "audit", "show", "--json");
        Assert.Contains("materialization.delete", audit);
    }

    [Fact]
    public void StageLinked_HardLinksTheMaterializationReadableByTheJobGroupOnly()
    {
        using var session = Admin();
        var directory = Path.Combine(session.Home.WorkspacesDirectory, "linked-" + Guid.NewGuid().ToString("N"));
        var workspace = WorkspaceStager.StageLinked(session.Home, directory, Grant, session.MaskingKey, Plans(session, Grant, "residents"), [], CancellationToken.None, checkSubjects: true);
        try
        {
            var materialized = Directory.GetFiles(Materializer.DirectoryOf(session.Home, Grant), "residents.*.parquet").Single();
            var arrow = Directory.GetFiles(Materializer.DirectoryOf(session.Home, Grant), "residents.*.arrow").Single();
            Assert.Equal(["residents.arrow", "residents.parquet"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // The same files, not copies: one inode, two names; no database is written.
            Assert.Equal(Stat("%i", materialized), Stat("%i", Path.Combine(directory, "residents.parquet")));
            Assert.Equal(Stat("%i", arrow), Stat("%i", Path.Combine(directory, "residents.arrow")));
            Assert.Null(workspace.Database);
            Assert.Empty(Directory.GetFiles(Materializer.DirectoryOf(session.Home, Grant), "*.duckdb"));
            // Measured for an ml job's evidence (the runner's): each row one subject.
            Assert.Contains("residents", workspace.UniqueSubjects);
            foreach (var file in Directory.GetFiles(directory).Append(directory))
            {
                Assert.Equal("65534", Stat("%g", file));
                Assert.Equal(Directory.Exists(file) ? "750" : "640", Stat("%a", file));
            }
            // The runner reads it as a job would.
            using var duck = LockedWorkspace.OpenTables(directory, ["residents"], 256L << 20, 1);
            Assert.Equal(120L, Scalar(duck, "SELECT count(*) FROM residents"));
        }
        finally
        {
            workspace.Delete();
        }
        // Deleting the job's folder removes its names only: the grant's materialization stays for the next job.
        Assert.Single(Directory.GetFiles(Materializer.DirectoryOf(session.Home, Grant), "residents.*.parquet"));
    }

    /// <summary>What <c>stat -c FORMAT</c> prints for <paramref name="path"/> (inode, group, mode).</summary>
    internal static string Stat(string format, string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }

    private List<string> Builds()
    {
        var audit = JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement;
        return [.. audit.EnumerateArray().Where(e => e.GetProperty("action").GetString() == "materialization.build").Select(e => e.GetProperty("detail").GetString()!)];
    }

    private SandboxSession Admin() => SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);

    private static IReadOnlyList<WorkspaceStager.TablePlan> Plans(SandboxSession session, string grantId, params string[] tables)
    {
        var grant = session.Store.FindGrant(grantId)!.Grant;
        var (decision, plans) = JobAdmission.Plan(session, grant, tables);
        Assert.True(decision.Allowed, string.Join("; ", decision.Reasons));
        return plans;
    }

    private (Workspace Workspace, SandboxSession Session) Stage(string grantId, params string[] tables)
    {
        var session = Admin();
        using var opening = new JobDatabaseOpening();
        var workspace = WorkspaceStager.StageInPlace(session.Home, Path.Combine(session.Home.WorkspacesDirectory, "test-" + Guid.NewGuid().ToString("N")), grantId,
            session.MaskingKey, Plans(session, grantId, tables), opening, new SqlJobLimits(TimeSpan.FromMinutes(1), 256L << 20, 1, 1 << 20), [], CancellationToken.None);
        return (workspace, session);
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static HashSet<string> Values(string parquet, string column)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT \"{column}\" FROM read_parquet('{parquet}')";
        using var reader = command.ExecuteReader();
        var values = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }
}
