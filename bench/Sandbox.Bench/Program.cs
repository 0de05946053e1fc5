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
/// on a database file (read-only) or in memory (<c>:memory:</c>, reading a Parquet file by path), printing the rows as CSV.
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
        if (args is ["report", .. var where])
        {
            return BenchReport.Run(where.ElementAtOrDefault(0) ?? Path.Combine("BenchmarkDotNet.Artifacts", "results"), where.ElementAtOrDefault(1) ?? Path.Combine("docs", "bench"));
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
        return 0;
    }

}
