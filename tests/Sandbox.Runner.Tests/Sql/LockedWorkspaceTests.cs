using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

public sealed class LockedWorkspaceTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("SELECT * FROM read_text('/proc/1/environ')")]
    [InlineData("SELECT * FROM glob('/*')")]
    [InlineData("ATTACH '/tmp/sandbox-escape.db' AS escape")]
    [InlineData("COPY t TO '/tmp/sandbox-escape.csv'")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SET lock_configuration = false")]
    [InlineData("RESET enable_external_access")]
    [InlineData("CREATE TABLE copy AS SELECT * FROM t")]
    [InlineData("DELETE FROM t")]
    [InlineData("SELECT * FROM read_parquet('/etc/hostname')")]
    public void Open_EscapeAttempt_IsRefusedByDuckDb(string sql)
    {
        using var connection = LockedWorkspace.Open(workspace.Database, 256L << 20, 1);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.ThrowsAny<DuckDBException>(() => command.ExecuteNonQuery());
        Assert.False(File.Exists("/tmp/sandbox-escape.csv"));
        Assert.False(File.Exists("/tmp/sandbox-escape.db"));
    }

    [Fact]
    public void Open_PlainSelect_Works()
    {
        using var connection = LockedWorkspace.Open(workspace.Database, 256L << 20, 1);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        Assert.Equal(1000L, Convert.ToInt64(command.ExecuteScalar()));
    }

    [Fact]
    public void Open_MissingDatabase_ThrowsNamingIt()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => LockedWorkspace.Open("/nonexistent/sandbox.duckdb", 1 << 26, 1));
        Assert.Contains("/nonexistent/sandbox.duckdb", ex.Message);
    }
}
