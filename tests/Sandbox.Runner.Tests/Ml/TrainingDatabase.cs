using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Ml;

/// <summary>
/// A locked in-memory workspace like the inprocess backend's: <c>people</c> with a subject id, a keyed-token column,
/// a district, age and income, and labels that follow the features (with seeded noise), or that are pure noise.
/// </summary>
public sealed class TrainingDatabase : IDisposable
{
    private readonly string _spill = Path.Combine(Path.GetTempPath(), "ml-spill-" + Guid.NewGuid().ToString("N")[..12]);

    public TrainingDatabase(int rows = 2000)
    {
        Output = Path.Combine(Path.GetTempPath(), "ml-out-" + Guid.NewGuid().ToString("N")[..12]);
        Connection = LockedWorkspace.OpenInMemory(512L << 20, 1, _spill, 1L << 30);
        Execute($"""
            CREATE TABLE people AS
            SELECT i AS person_id,
                   'tk_' || substr(replace(replace(replace(replace(md5(i::varchar), '0', 'a'), '1', 'b'), '8', 'c'), '9', 'd'), 1, 20) AS holder_token,
                   'd' || (i % 5) AS district,
                   20 + (hash(i::varchar || 'age') % 50)::int AS age,
                   1000 + (hash(i::varchar || 'income') % 9000)::double AS income,
                   (age > 45) <> (hash(i::varchar || 'noise') % 10 = 0) AS defaulted,
                   hash(i::varchar || 'coin') % 2 = 0 AS coin,
                   'c' || ((age / 20)::int) AS band
            FROM range({rows}) r(i)
            """);
        LockedWorkspace.Lock(Connection);
    }

    public DuckDBConnection Connection { get; }

    public string Output { get; }

    public static SqlJobLimits Limits(double seconds = 120) => new(TimeSpan.FromSeconds(seconds), 512L << 20, 1, 64L << 20);

    public void Dispose()
    {
        Connection.Dispose();
        foreach (var d in new[] { _spill, Output }) if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
