using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

/// <summary>
/// A folder of masked tables, as a container's <c>/data</c>: the runner reads the job's tables in place, each its own
/// Parquet file, and the job reads them by name and nothing else — not another table's file beside them, not a database
/// beside them, not by path, by glob or by attaching.
/// </summary>
public sealed class LockedTablesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("runner-tables-").FullName;

    public LockedTablesTests()
    {
        Write("residents", "SELECT i AS id, 'd' || (i % 5) AS district FROM range(120) r(i)");
        Write("enterprise_registry", "SELECT i AS id, 'd' || (i % 3) AS district FROM range(50) r(i)");
        // Present in the folder but not the job's: a table of the grant the job did not ask for.
        Write("people_secret", "SELECT 'secret-' || i AS name FROM range(10) r(i)");
        using var duck = new DuckDBConnection($"DataSource={Path.Combine(_directory, "people_secret.duckdb")}");
        duck.Open();
        Execute(duck, "CREATE TABLE people_secret AS SELECT 'secret' AS name");
    }

    [Fact]
    public void OpenTables_TwoTables_BothReadByNameAndNoOtherCatalog()
    {
        using var job = LockedWorkspace.OpenTables(_directory, ["residents", "enterprise_registry"], 256L << 20, 1);

        Assert.Equal(120L, Scalar(job, "SELECT count(*) FROM residents"));
        Assert.Equal(50L, Scalar(job, "SELECT count(*) FROM enterprise_registry"));
        Assert.Equal(50L, Scalar(job, "SELECT count(*) FROM residents r JOIN enterprise_registry e ON r.id = e.id"));
        // Read in place: a view over each file, no table; and so no rowid (a job naming it is told it does not exist).
        Assert.Equal("enterprise_registry,residents", Scalar(job, "SELECT string_agg(view_name, ',' ORDER BY view_name) FROM duckdb_views() WHERE NOT internal"));
        Assert.Equal(0L, Scalar(job, "SELECT count(*) FROM duckdb_tables()"));
        Assert.Contains("rowid", Assert.ThrowsAny<DuckDBException>(() => Scalar(job, "SELECT max(rowid) FROM residents")).Message, StringComparison.Ordinal);
        Assert.Equal("granted_enterprise_registry,granted_residents",
            Scalar(job, "SELECT string_agg(database_name, ',' ORDER BY database_name) FROM duckdb_databases() WHERE database_name LIKE 'granted_%'"));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM read_parquet('{dir}/people_secret.parquet')")]
    [InlineData("SELECT count(*) FROM read_parquet('{dir}/*.parquet')")]
    [InlineData("SELECT * FROM glob('{dir}/*')")]
    [InlineData("SELECT content FROM read_blob('{dir}/people_secret.duckdb')")]
    [InlineData("SELECT content FROM read_text('{dir}/enterprise_registry.parquet')")]
    [InlineData("SELECT * FROM parquet_scan(['{dir}/residents.parquet', '{dir}/people_secret.parquet'])")]
    [InlineData("SELECT * FROM read_parquet('{dir}/../' || '{name}' || '/people_secret.parquet')")]
    [InlineData("ATTACH '{dir}/people_secret.duckdb' AS other (READ_ONLY)")]
    [InlineData("SELECT * FROM people_secret")]
    [InlineData("SELECT * FROM '{dir}/people_secret.parquet'")]
    [InlineData("COPY residents TO '{dir}/copy.parquet' (FORMAT parquet)")]
    [InlineData("CREATE OR REPLACE VIEW granted_residents.main.residents AS SELECT * FROM read_parquet('{dir}/people_secret.parquet')")]
    public void OpenTables_AnyOtherFile_IsRefusedByDuckDb(string sql)
    {
        using var job = LockedWorkspace.OpenTables(_directory, ["residents"], 256L << 20, 1);
        using var command = job.CreateCommand();
        command.CommandText = sql.Replace("{dir}", _directory, StringComparison.Ordinal).Replace("{name}", Path.GetFileName(_directory), StringComparison.Ordinal);
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
        Assert.Equal(120L, Scalar(job, "SELECT count(*) FROM residents"));
    }

    [Fact]
    public void OpenTables_AMissingTableOrABadName_IsRefusedNamingIt()
    {
        var missing = Assert.Throws<FileNotFoundException>(() => LockedWorkspace.OpenTables(_directory, ["residents", "nowhere"], 256L << 20, 1));
        Assert.Contains("nowhere.parquet", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LockedWorkspace.OpenTables(_directory, ["../residents"], 256L << 20, 1));
        Assert.Throws<ArgumentException>(() => LockedWorkspace.OpenTables(_directory, [], 256L << 20, 1));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string table, string select)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        Execute(duck, $"COPY ({select}) TO '{Path.Combine(_directory, table + ".parquet")}' (FORMAT parquet)");
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
