using DuckDB.NET.Data;

namespace Sandbox.Policy.Queries;

/// <summary>
/// Converts SQL text to DuckDB's JSON AST and back, using DuckDB's own parser in a short-lived
/// in-memory database. The SQL is passed as a parameter value and never executed.
/// </summary>
internal static class SqlAstCodec
{
    public static string Serialize(string sql) => Scalar("SELECT json_serialize_sql(?::VARCHAR)", sql);

    public static string Deserialize(string json) => Scalar("SELECT json_deserialize_sql(?::JSON)", json);

    private static string Scalar(string commandText, string argument)
    {
        try
        {
            using var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = commandText;
            command.Parameters.Add(new DuckDBParameter(argument));
            return command.ExecuteScalar() as string
                ?? throw new SqlParseException("DuckDB returned no result for the statement");
        }
        catch (DuckDBException ex)
        {
            throw new SqlParseException(ex.Message, ex);
        }
    }
}
