using DuckDB.NET.Data;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Staging;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Tests.Staging;

/// <summary>
/// A warm host's shared instances (<c>sandbox serve</c>): a job's connection from one reads its grant's tables and no
/// file — the raw file, another grant's materialization and the keys tried by path, glob and replacement scan — from
/// the first job and from the next on the same instance; two grants never share an instance; an instance whose data is
/// destroyed is closed with its spill folder.
/// </summary>
public sealed class WarmDatabasesTests : IDisposable
{
    private const string Grant = "nj-credit-2026";
    private static readonly SqlJobLimits Limits = new(TimeSpan.FromMinutes(1), 256L << 20, 1, 1 << 20);
    private readonly TestHome _home = new TestHome().WithCity(enterprises: 50, residents: 120);

    public void Dispose() => _home.Dispose();

    [Fact]
    public void StageWarm_EveryJobOnTheInstance_ReadsItsTablesAndNoFile()
    {
        using var session = Admin();
        using var warm = new WarmDatabases();
        var raw = session.Store.FindDataset("residents")!.Path;
        var other = Materializer.Ensure(session.Home, "another-grant", session.MaskingKey, Plans(session, Grant, "residents")[0], CancellationToken.None).Parquet;
        var keys = session.Home.KeysDirectory;
        // The grant's other table, materialized: a job staged with residents alone does not read it.
        var registry = Materializer.Ensure(session.Home, Grant, session.MaskingKey, Plans(session, Grant, "enterprise_registry")[0], CancellationToken.None);
        string[] attempts =
        [
            $"ATTACH '{registry.Parquet}' AS registry (READ_ONLY)",
            $"CREATE VIEW registry AS SELECT * FROM read_parquet('{registry.Parquet}')",
            $"SELECT * FROM read_parquet('{registry.Parquet}')",
            "SELECT * FROM enterprise_registry",
            "SELECT * FROM granted_enterprise_registry.enterprise_registry",
            $"SELECT * FROM read_parquet('{raw}')",
            $"SELECT * FROM '{raw}'",
            $"SELECT * FROM read_parquet('{Path.GetDirectoryName(raw)}/*.parquet')",
            $"SELECT * FROM glob('{Path.GetDirectoryName(raw)}/*')",
            $"SELECT * FROM read_parquet('{other}')",
            $"SELECT * FROM '{other}'",
            $"SELECT * FROM read_blob('{keys}/masking.key')",
            $"SELECT * FROM read_csv('{keys}/signing.ed25519')",
            $"SELECT * FROM glob('{keys}/*')",
            "SELECT * FROM read_csv('/etc/passwd')",
            $"ATTACH '{session.Home.StorePath}' AS control",
            "SET enable_external_access = true",
            "SET allowed_paths = ['/']",
            "SET memory_limit = '64GiB'",
        ];
        for (int job = 0; job < 2; job++)
        {
            var workspace = Stage(session, warm, Grant);
            try
            {
                var connection = workspace.Connection!;
                Assert.Equal(120L, Scalar(connection, "SELECT count(*) FROM residents"));
                foreach (var sql in attempts)
                {
                    Assert.ThrowsAny<DuckDBException>(() => Scalar(connection, sql));
                }
                Assert.Equal("256.0 MiB", Scalar(connection, "SELECT current_setting('memory_limit')"));
                Assert.DoesNotContain(session.Home.Root, (string)Scalar(connection, "SELECT string_agg(value, ' ') FROM duckdb_settings()")!, StringComparison.Ordinal);
            }
            finally
            {
                workspace.Delete();
            }
        }
    }

    [Fact]
    public void Open_TwoGrants_NeverShareAnInstance()
    {
        using var session = Admin();
        using var warm = new WarmDatabases();
        var mine = Stage(session, warm, Grant);
        var theirs = Materializer.Ensure(session.Home, "another-grant", session.MaskingKey, Plans(session, Grant, "residents")[0], CancellationToken.None);
        var (other, lease) = warm.Open([theirs], Limits);
        try
        {
            // Each instance sees its own table's file only, and spills into its own folder.
            Assert.Equal(1L, Scalar(mine.Connection!, "SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'granted%'"));
            Assert.NotEqual(Scalar(mine.Connection!, "SELECT sql FROM duckdb_views() WHERE view_name = 'residents'"),
                Scalar(other, "SELECT sql FROM duckdb_views() WHERE view_name = 'residents'"));
            Assert.NotEqual(Scalar(mine.Connection!, "SELECT current_setting('temp_directory')"), Scalar(other, "SELECT current_setting('temp_directory')"));
            Assert.ThrowsAny<DuckDBException>(() => Scalar(mine.Connection!, $"SELECT count(*) FROM read_parquet('{theirs.Parquet}')"));
            Assert.ThrowsAny<DuckDBException>(() => Scalar(mine.Connection!, $"SELECT count(*) FROM read_parquet('{Scalar(other, "SELECT current_setting('temp_directory')")}/data/*.parquet')"));
            Assert.ThrowsAny<DuckDBException>(() => Scalar(other, $"ATTACH '{Materializer.DirectoryOf(session.Home, Grant)}' AS mine"));
        }
        finally
        {
            other.Dispose();
            lease.Dispose();
            mine.Delete();
        }
    }

    [Fact]
    public void Sweep_DatabaseDestroyed_ClosesTheInstanceAndItsSpillFolder()
    {
        using var session = Admin();
        using var warm = new WarmDatabases();
        var workspace = Stage(session, warm, Grant);
        var spill = (string)Scalar(workspace.Connection!, "SELECT current_setting('temp_directory')")!;
        Assert.True(Directory.Exists(spill));

        Materializer.Destroy(session.Home, Grant);
        warm.Sweep();
        Assert.True(Directory.Exists(spill)); // a job still reads it
        workspace.Delete();

        Assert.False(Directory.Exists(spill));
        // The next job materializes afresh and gets a new instance over the new files.
        var next = Stage(session, warm, Grant);
        try
        {
            Assert.Equal(120L, Scalar(next.Connection!, "SELECT count(*) FROM residents"));
            Assert.NotEqual(spill, Scalar(next.Connection!, "SELECT current_setting('temp_directory')"));
        }
        finally
        {
            next.Delete();
        }
    }

    private SandboxSession Admin() => SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);

    private static IReadOnlyList<WorkspaceStager.TablePlan> Plans(SandboxSession session, string grantId, params string[] tables)
    {
        var grant = session.Store.FindGrant(grantId)!.Grant;
        var (decision, plans) = JobAdmission.Plan(session, grant, tables);
        Assert.True(decision.Allowed, string.Join("; ", decision.Reasons));
        return plans;
    }

    private static Workspace Stage(SandboxSession session, WarmDatabases warm, string grantId) =>
        WorkspaceStager.StageWarm(session.Home, Path.Combine(session.Home.WorkspacesDirectory, "test-" + Guid.NewGuid().ToString("N")), grantId,
            session.MaskingKey, Plans(session, grantId, "residents"), warm, Limits, [], CancellationToken.None);

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
