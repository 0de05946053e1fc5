using System.Globalization;
using DuckDB.NET.Data;
using Sandbox.Host.Datasets;

namespace Sandbox.Host.Dummy;

/// <summary>
/// Writes one dummy table as Parquet with the grant's column names and types: the values are appended as text into a
/// DuckDB table of its own (in memory), then cast to each column's type on the way out, so every type the masked table
/// has is written exactly as it is there.
/// </summary>
internal static class DummyTableWriter
{
    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="parquet"/>; returns whether the subject column holds each subject once.</summary>
    public static bool Write(string parquet, DummyProfiler.TableProfile table, long rows, IReadOnlyList<DummyValues> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(values);
        using var duck = new DuckDBConnection("DataSource=:memory:;threads=1;memory_limit=256MB");
        duck.Open();
        var names = table.Columns.Select(c => Sql.Identifier(c.Name)).ToList();
        Sql.Execute(duck, $"CREATE TABLE dummy ({string.Join(", ", names.Select(n => n + " VARCHAR"))})");
        using (var appender = duck.CreateAppender("dummy"))
        {
            for (long row = 0; row < rows; row++)
            {
                if (row % 10_000 == 0) cancellationToken.ThrowIfCancellationRequested();
                var appended = appender.CreateRow();
                foreach (var column in values)
                {
                    if (column.Next(row) is { } text) appended.AppendValue(text);
                    else appended.AppendNullValue();
                }
                appended.EndRow();
            }
        }
        // The types come from DuckDB's own description of the grant's masked table, not from any user's text.
        var select = string.Join(", ", table.Columns.Select((c, i) => $"CAST({names[i]} AS {c.Type}) AS {names[i]}"));
        Sql.Execute(duck, $"COPY (SELECT {select} FROM dummy) TO {Sql.Literal(parquet)} (FORMAT parquet)");
        if (table.Subject is not { } subject) return false;
        var s = Sql.Identifier(subject);
        return Sql.Scalar(duck, $"SELECT count(*) = count({s}) AND count(*) = count(DISTINCT {s}) FROM dummy") is true;
    }

    /// <summary>Text DuckDB casts to any number type: no exponent, up to 15 decimals.</summary>
    public static string Number(double value) => value.ToString("0.0##############", CultureInfo.InvariantCulture);
}
