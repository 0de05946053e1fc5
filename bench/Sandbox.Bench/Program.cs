using System.Globalization;
using BenchmarkDotNet.Running;
using DuckDB.NET.Data;

namespace Sandbox.Bench;

/// <summary>
/// Every benchmark class sits beside its baseline (the same work done by DuckDB SQL, a bare `docker run`, or a
/// plain file read) in the same run: report ratios, not lone absolute times.
/// Run: <c>dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*'</c>, then
/// <c>dotnet run -c Release --project bench/Sandbox.Bench -- report</c> renders the results into <c>docs/bench</c>.
/// <c>bare DATABASE SQL</c>: the whole-process baseline of <c>bench/dataplane.sh</c> — bare DuckDB running one query
/// on a database file, read-only, printing the rows as CSV. <c>bare-load DATABASE PARQUET TABLE</c>: bare DuckDB
/// loading a Parquet file into a new database file as the data plane loads a table's own database (<see cref="BareLoad"/>).
/// </summary>
public static class BenchProgram
{
    public static int Main(string[] args)
    {
        if (args is ["bare", var database, var sql])
        {
            using var connection = new DuckDBConnection(database == ":memory:" ? "DataSource=:memory:" : $"DataSource={database};ACCESS_MODE=READ_ONLY");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (sql.StartsWith("COPY", StringComparison.OrdinalIgnoreCase))
            {
                command.ExecuteNonQuery();
                return 0;
            }
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                Console.Out.WriteLine(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
                rows++;
            }
            return rows > 0 ? 0 : 1;
        }
        if (args is ["bare-load", var target, var parquet, var table])
        {
            return BareLoad(target, parquet, table);
        }
        if (args is ["report", .. var where])
        {
            return BenchReport.Run(where.ElementAtOrDefault(0) ?? Path.Combine("BenchmarkDotNet.Artifacts", "results"), where.ElementAtOrDefault(1) ?? Path.Combine("docs", "bench"));
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }

    /// <summary>
    /// Loads <paramref name="parquet"/> into table <paramref name="table"/> of a new database file at
    /// <paramref name="target"/> with the settings the data plane uses for a table's own database (a 256 MB memory
    /// limit, no FSST) and checkpoints it: the part of a first use that <c>COPY … TO parquet</c> does not do, so
    /// <c>bench/dataplane.sh</c> can print the floor of the design (one masked Parquet plus one DuckDB file) beside it.
    /// </summary>
    private static int BareLoad(string target, string parquet, string table)
    {
        File.Delete(target);
        File.Delete(target + ".wal");
        using (var connection = new DuckDBConnection($"DataSource={target};memory_limit=256MB"))
        {
            connection.Open();
            string[] statements =
            [
                "SET disabled_compression_methods = 'fsst'",
                $"CREATE TABLE \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" AS SELECT * FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}')",
                "CHECKPOINT",
            ];
            foreach (var sql in statements)
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }
        File.Delete(target);
        return 0;
    }
}
