using DuckDB.NET.Data;
using Sandbox.Host.Store;
using Sandbox.Masking.Detection;

namespace Sandbox.Host.Datasets;

/// <summary>Describes and classifies every column of a DuckDB relation from a repeatable sample.</summary>
internal static class ColumnProfiler
{
    private const int SampleSize = 1000;

    /// <summary>Profiles <paramref name="source"/>, a relation expression such as <c>read_parquet('…')</c>.</summary>
    public static List<DatasetColumn> Profile(DuckDBConnection duck, string source)
    {
        var columns = new List<(string Name, string Type)>();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"DESCRIBE SELECT * FROM {source}";
            using var r = command.ExecuteReader();
            while (r.Read()) columns.Add((r.GetString(0), r.GetString(1)));
        }
        return [.. columns.Select(c => Classify(duck, source, c.Name, c.Type))];
    }

    /// <summary>Profiles a CSV or Parquet file without importing it, reading it as <see cref="ProviderFile"/> does.</summary>
    public static IReadOnlyList<DatasetColumn> ProfileFile(string file)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        return ProviderFile.Open(duck, file).Columns;
    }

    private static DatasetColumn Classify(DuckDBConnection duck, string source, string column, string type)
    {
        // A repeatable reservoir sample: the same file always gets the same classification.
        var sample = new List<string?>();
        using (var command = duck.CreateCommand())
        {
            command.CommandText =
                $"SELECT CAST({Sql.Identifier(column)} AS VARCHAR) FROM {source} " +
                $"WHERE {Sql.Identifier(column)} IS NOT NULL USING SAMPLE reservoir({SampleSize} ROWS) REPEATABLE (42)";
            using var r = command.ExecuteReader();
            while (r.Read()) sample.Add(r.IsDBNull(0) ? null : r.GetString(0));
        }
        var c = ColumnClassifier.Classify(column, sample);
        return new DatasetColumn(column, type, c.Entity, Math.Round(c.Confidence, 3), c.Level);
    }
}
