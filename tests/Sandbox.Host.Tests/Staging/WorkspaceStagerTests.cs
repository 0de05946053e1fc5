using System.Text;
using DuckDB.NET.Data;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Tests.Staging;

public sealed class WorkspaceStagerTests : IClassFixture<WorkspaceStagerTests.City>
{
    public sealed class City : IDisposable
    {
        public TestHome Home { get; } = new TestHome().WithCity(enterprises: 300, residents: 500);

        public City()
        {
            // A second grant on the same data, for another operator: its tokens must not join with the first's.
            var grant = TestHome.GrantText("nj-credit-2026.yaml")
                .Replace("id: nj-credit-2026", "id: other-grant").Replace("zijin-credit", "other-operator");
            var path = Path.Combine(Home.Root, "other-grant.yaml");
            File.WriteAllText(path, grant);
            Home.Ok("policy", "apply", path);
        }

        public void Dispose() => Home.Dispose();
    }

    private readonly TestHome _home;

    public WorkspaceStagerTests(City city) => _home = city.Home;

    private Workspace Stage(string grantId, string dataset, WorkspaceFiles files = WorkspaceFiles.All) =>
        Staged(grantId, dataset, (dir, key, tables) => WorkspaceStager.Stage(dir, grantId, key, tables, CancellationToken.None, files));

    private Workspace StageInMemory(string grantId, string dataset) => Staged(grantId, dataset, (dir, key, tables) =>
    {
        using var database = new JobDatabaseOpening();
        return WorkspaceStager.StageInMemory(dir, grantId, key, tables, database, new SqlJobLimits(TimeSpan.FromSeconds(30), 256L << 20, 1, 1L << 20), CancellationToken.None);
    });

    // The grant's plan for one dataset, staged by `stage` into a fresh folder with the home's masking key.
    private Workspace Staged(string grantId, string dataset, Func<string, byte[], WorkspaceStager.TablePlan[], Workspace> stage)
    {
        using var session = SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);
        var grant = session.Store.FindGrant(grantId)!.Grant;
        var record = session.Store.FindDataset(dataset)!;
        var (plans, refusals) = ColumnMasking.For(grant, grant.Datasets[dataset], record);
        Assert.Empty(refusals);
        return stage(Path.Combine(_home.Root, "ws-" + Guid.NewGuid().ToString("N")[..8]), session.MaskingKey, [new WorkspaceStager.TablePlan(record, plans)]);
    }

    [Theory]
    [InlineData("enterprise_registry")]
    [InlineData("residents")]
    public void StageInMemory_HoldsTheSameMaskedRowsAsTheFileDatabase_AndWritesNoFile(string dataset)
    {
        var file = Stage("nj-credit-2026", dataset, WorkspaceFiles.Database);
        var memory = StageInMemory("nj-credit-2026", dataset);

        Assert.Null(memory.Database);
        Assert.False(Directory.Exists(memory.Directory) && Directory.EnumerateFileSystemEntries(memory.Directory).Any(), "an in-memory workspace wrote a file");
        var rows = $"SELECT * FROM {dataset} ORDER BY ALL";
        Assert.Equal(DecodedValues(file.Database!, rows), DecodedValues(memory.Connection!, rows));
        Assert.Equal(DecodedValues(file.Database!, $"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{dataset}' ORDER BY ordinal_position"),
            DecodedValues(memory.Connection!, $"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{dataset}' ORDER BY ordinal_position"));
        file.Delete();
        memory.Delete();
        Assert.Throws<InvalidOperationException>(() => DecodedValues(memory.Connection!, "SELECT 1"));
    }

    [Fact]
    public void StageInMemory_EmptyTable_IsStagedEmptyWithItsColumns()
    {
        var source = Path.Combine(_home.Root, "empty-" + Guid.NewGuid().ToString("N")[..6] + ".parquet");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"COPY (SELECT '110101199003074514' AS resident_id, 'x' AS district LIMIT 0) TO '{source}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var dataset = new DatasetRecord("nobody", null, "resident_id", "x", source, 0,
            [new DatasetColumn("resident_id", "VARCHAR", "cn_resident_id", 1, 4), new DatasetColumn("district", "VARCHAR", null, 1, 1)], DateTimeOffset.UnixEpoch);
        var plans = new List<ColumnMasking.Plan>
        {
            new("resident_id", 4, new Sandbox.Masking.Techniques.MaskingRule(Sandbox.Masking.Techniques.Technique.Tokenize)),
            new("district", 1, new Sandbox.Masking.Techniques.MaskingRule(Sandbox.Masking.Techniques.Technique.Keep)),
        };
        var dir = Path.Combine(_home.Root, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        using var database = new JobDatabaseOpening();
        var workspace = WorkspaceStager.StageInMemory(dir, "g", new byte[32], [new WorkspaceStager.TablePlan(dataset, plans)], database,
            new SqlJobLimits(TimeSpan.FromSeconds(30), 256L << 20, 1, 1L << 20), CancellationToken.None);

        Assert.Equal(["0"], DecodedValues(workspace.Connection!, "SELECT count(*) FROM nobody"));
        Assert.Equal(["resident_id", "district"], DecodedValues(workspace.Connection!, "SELECT column_name FROM information_schema.columns WHERE table_name = 'nobody' ORDER BY ordinal_position"));
        workspace.Delete();
    }

    [Fact]
    public void StageInMemory_EnterpriseRegistry_NoRawSecretAndTheRawDatasetIsOutOfReach()
    {
        var workspace = StageInMemory("nj-credit-2026", "enterprise_registry");
        var raw = RawRows("enterprise_registry.csv");
        var secrets = raw.SelectMany(r => new[] { r[7], r[8] }).ToList(); // legal_rep_id, legal_rep_mobile

        var staged = DecodedValues(workspace.Connection!, "SELECT * FROM enterprise_registry").ToList();
        Assert.NotEmpty(staged);
        Assert.DoesNotContain(staged, v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal)));

        // The job's database is locked before it is handed over: the domain's own Parquet cannot be read from it.
        var dataset = Directory.EnumerateFiles(Path.Combine(_home.Root, "datasets", "enterprise_registry"), "*.parquet.sealed").Single();
        Assert.ThrowsAny<DuckDBException>(() => DecodedValues(workspace.Connection!, $"SELECT * FROM read_parquet('{dataset}')"));
        Assert.ThrowsAny<DuckDBException>(() => DecodedValues(workspace.Connection!, "SET enable_external_access = true"));
        workspace.Delete();
    }

    private List<string[]> RawRows(string file) =>
        [.. File.ReadLines(Path.Combine(_home.Root, "inputs", file)).Skip(1).Select(l => l.Split(','))];

    [Fact]
    public void Stage_DatabaseOnly_HoldsOnlyTheCheckpointedDatabaseWithTheSameMaskedRows()
    {
        var full = Stage("nj-credit-2026", "enterprise_registry");
        var lean = Stage("nj-credit-2026", "enterprise_registry", WorkspaceFiles.Database);

        // Only sandbox.duckdb: no Parquet or Arrow copy, no load file, no WAL (the data is all in the file).
        Assert.Equal(["sandbox.duckdb"], Directory.EnumerateFileSystemEntries(lean.Directory).Select(Path.GetFileName));
        const string Rows = "SELECT * FROM enterprise_registry ORDER BY ALL";
        Assert.Equal(DecodedValues(full.Database!, Rows), DecodedValues(lean.Database!, Rows));
    }

    [Fact]
    public void Stage_EnterpriseRegistry_NoRawResidentIdOrMobileInAnyWorkspaceFile()
    {
        var workspace = Stage("nj-credit-2026", "enterprise_registry");
        var raw = RawRows("enterprise_registry.csv");
        var secrets = raw.SelectMany(r => new[] { r[7], r[8] }).ToList(); // legal_rep_id, legal_rep_mobile

        // 1. Decoded: every value of every staged table, through DuckDB (the files are compressed, so bytes alone prove little).
        var staged = DecodedValues(workspace.Database!, "SELECT * FROM enterprise_registry")
            .Concat(DecodedValues(":memory:", $"SELECT * FROM read_parquet('{Path.Combine(workspace.Directory, "enterprise_registry.parquet")}')"))
            .Concat(ArrowValues(Path.Combine(workspace.Directory, "enterprise_registry.arrow")))
            .ToList();
        Assert.NotEmpty(staged);
        Assert.DoesNotContain(staged, v => secrets.Any(s => v.Contains(s, StringComparison.Ordinal)));

        // 2. Raw bytes of every workspace file, for good measure.
        foreach (var file in Directory.EnumerateFiles(workspace.Directory))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(secrets, s => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(s)) >= 0);
        }

        // 3. Control: the same decoding finds the raw values in the domain's own dataset file.
        using var admin = SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);
        using var opened = Sandbox.Host.Datasets.RawVault.Open(admin.Store.FindDataset("enterprise_registry")!);
        var rawValues = DecodedValues(":memory:", $"SELECT * FROM read_parquet('{opened.Path}')").ToHashSet();
        Assert.Contains(secrets[0], rawValues);
        workspace.Delete();
    }

    [Fact]
    public void Stage_OnlyGrantedColumnsArrive()
    {
        var workspace = Stage("nj-credit-2026", "enterprise_registry");
        using var duck = new DuckDBConnection($"DataSource={workspace.Database}");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_name = 'enterprise_registry'";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        Assert.DoesNotContain("legal_rep_name", columns);
        Assert.Contains("legal_rep_id", columns);
        workspace.Delete();
    }

    [Fact]
    public void Stage_Mobile_KeepsFirstThreeAndLastFour()
    {
        var workspace = Stage("nj-credit-2026", "enterprise_registry");
        var raw = RawRows("enterprise_registry.csv").ToDictionary(r => r[0], r => r[8]);
        var masked = Pairs(workspace.Database!, "SELECT uscc, legal_rep_mobile FROM enterprise_registry");
        foreach (var (uscc, mobile) in masked)
        {
            Assert.Equal(raw[uscc][..3] + "****" + raw[uscc][^4..], mobile);
        }
        workspace.Delete();
    }

    [Fact]
    public void Stage_Tokens_EqualWithinAGrantDifferentAcrossGrants()
    {
        var first = Stage("nj-credit-2026", "residents");
        var again = Stage("nj-credit-2026", "residents");
        var other = Stage("other-grant", "residents");
        const string query = "SELECT row_number() OVER () AS r, resident_id FROM residents";

        var a = Pairs(first.Database!, query);
        var b = Pairs(again.Database!, query);
        var c = Pairs(other.Database!, query);

        Assert.Equal(a, b);
        Assert.All(a.Zip(c), p => Assert.NotEqual(p.First.Second, p.Second.Second));
        Assert.All(a, p => Assert.Matches("^tk_[a-z2-7]{20}$", p.Second));
        foreach (var w in new[] { first, again, other }) w.Delete();
    }

    // Every value of an Arrow IPC file, decoded by Apache.Arrow itself.
    private static List<string> ArrowValues(string file)
    {
        using var reader = new Apache.Arrow.Ipc.ArrowFileReader(File.OpenRead(file));
        var values = new List<string>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            foreach (var column in batch.Arrays)
            {
                for (var i = 0; i < column.Length; i++)
                {
                    if (column is Apache.Arrow.StringArray text && text.GetString(i) is { } s) values.Add(s);
                }
            }
        }
        return values;
    }

    [Fact]
    public void Stage_Workspace_HoldsArrowParquetAndDatabaseWithEqualRows()
    {
        var workspace = Stage("nj-credit-2026", "enterprise_registry");
        var arrow = ArrowValues(Path.Combine(workspace.Directory, "enterprise_registry.arrow"));
        var database = DecodedValues(workspace.Database!, "SELECT legal_rep_mobile FROM enterprise_registry");

        Assert.NotEmpty(arrow);
        Assert.All(database, v => Assert.Contains(v, arrow));
        workspace.Delete();
    }

    private static IEnumerable<string> DecodedValues(string database, string sql)
    {
        using var duck = new DuckDBConnection($"DataSource={database}");
        duck.Open();
        return DecodedValues(duck, sql);
    }

    private static List<string> DecodedValues(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++) if (!reader.IsDBNull(i)) values.Add(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return values;
    }

    private static List<(string First, string Second)> Pairs(string database, string sql)
    {
        using var duck = new DuckDBConnection($"DataSource={database}");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new List<(string, string)>();
        while (reader.Read()) pairs.Add((Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!, reader.GetString(1)));
        return pairs;
    }
}
