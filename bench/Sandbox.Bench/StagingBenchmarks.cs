using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Masking.Techniques;
using Sandbox.Runner.Sql;

namespace Sandbox.Bench;

/// <summary>
/// Staging one table for an inprocess job, with three masked columns: straight into the job's in-memory DuckDB
/// through the appender, against the baseline of a workspace database file (masked Parquet, loaded by DuckDB,
/// checkpointed on detach) that the job then opens read-only. Both end with a database the job can query; the
/// file route includes that open. Rows: <c>SANDBOX_BENCH_ROWS</c>, default 100,000.
/// Run: <c>dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*StagingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class StagingBenchmarks
{
    private static readonly SqlJobLimits Limits = new(TimeSpan.FromMinutes(5), 256L << 20, 1, 1L << 20);

    private string _root = "";
    private WorkspaceStager.TablePlan[] _tables = [];
    private int _run;

    [GlobalSetup]
    public void Setup()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("SANDBOX_BENCH_ROWS"), out var n) ? n : 100_000;
        _root = Directory.CreateTempSubdirectory("staging-bench-").FullName;
        var source = Path.Combine(_root, "people.parquet");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText =
                $"COPY (SELECT '32011519' || lpad(CAST(i AS VARCHAR), 10, '0') AS resident_id, '139' || lpad(CAST(i AS VARCHAR), 8, '0') AS mobile, " +
                $"'张' || CAST(i % 1000 AS VARCHAR) AS name, CAST(i % 12 AS VARCHAR) AS district, i AS amount FROM range({rows}) t(i)) TO '{source}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }
        var columns = new[] { "resident_id", "mobile", "name", "district" }.Select(c => new DatasetColumn(c, "VARCHAR", null, 1, 3))
            .Append(new DatasetColumn("amount", "BIGINT", null, 1, 1)).ToList();
        var dataset = new DatasetRecord("people", null, "resident_id", "x", source, rows, columns, DateTimeOffset.UnixEpoch);
        _tables =
        [
            new(dataset,
            [
                new("resident_id", 4, new MaskingRule(Technique.Tokenize)),
                new("mobile", 3, new MaskingRule(Technique.KeepFirstLast, 3, 4)),
                new("name", 3, new MaskingRule(Technique.KeepFirstLast, 1, 0)),
                new("district", 1, new MaskingRule(Technique.Keep)),
                new("amount", 1, new MaskingRule(Technique.Keep)),
            ]),
        ];
    }

    [Benchmark(Baseline = true, Description = "file database, then opened read-only and locked")]
    public long FileDatabase()
    {
        var workspace = WorkspaceStager.Stage(NextDirectory(), "bench-grant", new byte[32], _tables, CancellationToken.None, WorkspaceFiles.Database);
        try
        {
            using var connection = LockedWorkspace.Open(workspace.Database!, Limits.MemoryBytes, Limits.Threads);
            return Count(connection);
        }
        finally
        {
            workspace.Delete();
        }
    }

    [Benchmark(Description = "in-memory job database through the appender")]
    public long InMemory()
    {
        var directory = NextDirectory();
        using var database = new JobDatabaseOpening();
        var workspace = WorkspaceStager.StageInMemory(directory, "bench-grant", new byte[32], _tables, database, Limits, CancellationToken.None);
        try
        {
            return Count(workspace.Connection!);
        }
        finally
        {
            workspace.Delete();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    private string NextDirectory() => Path.Combine(_root, "ws-" + _run++);

    private static long Count(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM people";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
