using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

/// <summary>The inprocess backend's in-memory workspace: loaded by the host, then locked before any job query.</summary>
public sealed class LockedInMemoryWorkspaceTests : IDisposable
{
    private readonly string _spill = Path.Combine(Path.GetTempPath(), "runner-spill-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_spill)) Directory.Delete(_spill, recursive: true);
    }

    private DuckDBConnection Loaded(long memoryBytes = 256L << 20, long spillBytes = 1L << 30, int rows = 1000)
    {
        var connection = LockedWorkspace.OpenInMemory(memoryBytes, 1, _spill, spillBytes);
        Execute(connection, $"CREATE TABLE t AS SELECT i AS id, 'd' || (i % 5) AS district FROM range({rows}) r(i)");
        return connection;
    }

    private static object? Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_text('/proc/1/environ')")]
    [InlineData("SELECT * FROM glob('/*')")]
    [InlineData("SELECT * FROM read_parquet('/etc/hostname')")]
    [InlineData("ATTACH '/tmp/sandbox-escape-mem.db' AS escape")]
    [InlineData("COPY t TO '/tmp/sandbox-escape-mem.csv'")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET lock_configuration = false")]
    [InlineData("RESET enable_external_access")]
    [InlineData("SET memory_limit = '64GB'")]
    [InlineData("SET threads = 64")]
    [InlineData("SET temp_directory = '/tmp/sandbox-escape-spill'")]
    [InlineData("SET max_temp_directory_size = '1TB'")]
    public void Lock_EscapeAttempt_IsRefusedByDuckDb(string sql)
    {
        using var connection = Loaded();
        LockedWorkspace.Lock(connection);
        Assert.ThrowsAny<DuckDBException>(() => Execute(connection, sql));
        Assert.False(File.Exists("/tmp/sandbox-escape-mem.csv"));
        Assert.False(File.Exists("/tmp/sandbox-escape-mem.db"));
        Assert.False(Directory.Exists("/tmp/sandbox-escape-spill"));
    }

    [Fact]
    public void Lock_BeforeLocking_TheSameStatementsWork()
    {
        // Control for the theory above: the refusals come from the lock, not from a broken statement.
        using var connection = Loaded();
        Assert.NotNull(Execute(connection, "SELECT count(*) FROM read_csv('/etc/passwd', header = false, delim = '\\x01')"));
        LockedWorkspace.Lock(connection);
        Assert.Equal(1000L, Convert.ToInt64(Execute(connection, "SELECT count(*) FROM t")));
    }

    [Fact]
    public void OpenInMemory_TableLargerThanTheMemoryLimit_SpillsToItsDirectoryAndRuns()
    {
        // ~5M rows of strings do not fit in 32 MB: DuckDB must evict blocks to the spill directory.
        using var connection = Loaded(memoryBytes: 32L << 20, rows: 5_000_000);
        LockedWorkspace.Lock(connection);
        Assert.Equal(5L, Convert.ToInt64(Execute(connection, "SELECT count(DISTINCT district) FROM t")));
        Assert.True(Directory.Exists(_spill), "nothing was spilled: the table fit in memory after all");
    }

    [Fact]
    public void OpenInMemory_SpillPastItsLimit_FailsInsteadOfFillingTheDisk()
    {
        var ex = Assert.ThrowsAny<DuckDBException>(() =>
        {
            using var connection = Loaded(memoryBytes: 32L << 20, spillBytes: 1L << 20, rows: 5_000_000);
        });
        Assert.Contains("temp", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
