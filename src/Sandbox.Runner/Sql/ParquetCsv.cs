using DuckDB.NET.Data;

namespace Sandbox.Runner.Sql;

/// <summary>
/// Streams one Parquet file as CSV (<c>sandbox-runner csv FILE.parquet</c>): how a Python job reads its tables with
/// pandas in an image built from Debian's packages, which have neither pyarrow nor duckdb. Runs inside the job's own
/// container, as the job, on files the job may read anyway: it grants nothing the job does not have.
/// </summary>
public static class ParquetCsv
{
    /// <summary>Writes the file's rows to <paramref name="destination"/>; a DuckDB error is named by its kind only.</summary>
    public static long Write(string parquetPath, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        using var connection = new DuckDBConnection("DataSource=:memory:;threads=1");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_parquet('{parquetPath.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        return CsvWriter.Write(reader, destination, long.MaxValue, cancellationToken);
    }
}
