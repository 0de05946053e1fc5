using DuckDB.NET.Data;

namespace Sandbox.Host.Datasets;

/// <summary>Quoting for the few statements the host builds itself (paths and identifiers it controls).</summary>
internal static class Sql
{
    public static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>True for the text formats read with DuckDB's CSV reader.</summary>
    public static bool IsCsv(string file) => Path.GetExtension(file).ToLowerInvariant() is ".csv" or ".txt" or ".tsv";

    /// <summary>
    /// The DuckDB reader expression for a provider file: CSV with a fixed dialect (header, comma), or Parquet.
    /// <paramref name="allText"/> reads every CSV column as VARCHAR, <paramref name="textColumns"/> only those.
    /// </summary>
    public static string ReaderFor(string file, bool allText = false, IReadOnlyCollection<string>? textColumns = null)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        var types = allText ? ", all_varchar = true"
            : textColumns is { Count: > 0 } ? $", types = {{{string.Join(", ", textColumns.Select(c => $"{Literal(c)}: 'VARCHAR'"))}}}"
            : "";
        return extension switch
        {
            // The dialect is fixed (RFC 4180): left to the sniffer, a ragged file silently becomes one wide text column
            // and errors lose their line numbers.
            ".csv" or ".txt" => $"read_csv({Literal(file)}, header = true, delim = ',', quote = '\"', escape = '\"', strict_mode = true{types})",
            ".tsv" => $"read_csv({Literal(file)}, header = true, delim = '\t', quote = '\"', escape = '\"', strict_mode = true{types})",
            ".parquet" => $"read_parquet({Literal(file)})",
            var other => throw new Home.InputException($"{file}: unsupported file type '{other}' (use .csv, .tsv or .parquet)"),
        };
    }

    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
