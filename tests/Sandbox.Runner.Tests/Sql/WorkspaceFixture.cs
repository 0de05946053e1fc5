using DuckDB.NET.Data;

namespace Sandbox.Runner.Tests.Sql;

/// <summary>A small workspace database on disk, like the host's staging writes.</summary>
public sealed class WorkspaceFixture : IDisposable
{
    public WorkspaceFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "runner-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Database = Path.Combine(Directory, "sandbox.duckdb");
        using var duck = new DuckDBConnection($"DataSource={Database}");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = "CREATE TABLE t AS SELECT i AS id, 'd' || (i % 5) AS district, i * 1.5 AS amount FROM range(1000) r(i)";
        command.ExecuteNonQuery();
        // One row per subject, some amounts NULL.
        command.CommandText = "CREATE TABLE u AS SELECT i AS id, 'd' || (i % 3) AS district, CASE WHEN i % 7 = 0 THEN NULL ELSE i END AS amount FROM range(300) r(i)";
        command.ExecuteNonQuery();
        // Ten rows per subject: ids 0..99, each in one district by its parity.
        command.CommandText = "CREATE TABLE m AS SELECT i % 100 AS id, 'd' || (i % 2) AS district, 1.0 AS amount FROM range(1000) r(i)";
        command.ExecuteNonQuery();
    }

    public string Directory { get; }
    public string Database { get; }

    public string NewOutputDirectory() => Path.Combine(Directory, "out-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
