using DuckDB.NET.Data;

namespace Sandbox.Policy.Queries;

/// <summary>
/// Converts SQL text to DuckDB's JSON AST and back, using DuckDB's own parser. The SQL is passed as a parameter
/// value and never executed, so one process-wide in-memory database serves every call: opening a fresh one costs
/// more than the parse itself (~20 ms under load). It holds no table and never sees data.
/// </summary>
/// <remarks>
/// Both directions are pure functions of their text, and a job's statement is parsed and printed several times on its
/// way (submission, the worker's load, admission, what it reads, its evidence, each select item's name): answers are
/// kept in a small memo, so only the first of them waits for the shared parser. Failures are not kept.
/// </remarks>
internal static class SqlAstCodec
{
    // A DuckDB connection is not safe for concurrent use: every call takes the lock.
    private static readonly Lock Gate = new();
    private static DuckDBConnection? parser;

    // Up to MemoEntries answers for texts up to MemoLength characters; when full it is emptied and refilled.
    private const int MemoEntries = 1024;
    private const int MemoLength = 16 * 1024;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool Print, string Text), string> Memo = new();

    public static string Serialize(string sql) => Remembered(print: false, sql);

    /// <summary>
    /// Starts opening the shared parser on a pool thread, if nobody has: a DuckDB instance takes ~30 ms to open, which
    /// a command that will parse SQL overlaps with its own start (its session, its store). Errors are left for the
    /// first real call, which opens the parser again and reports them.
    /// </summary>
    public static void Prepare()
    {
        if (Volatile.Read(ref parser) is not null) return;
        _ = Task.Run(() =>
        {
            lock (Gate)
            {
                try
                {
                    parser ??= OpenParser();
                }
                catch (DuckDBException)
                {
                    // The first Serialize or Deserialize tries again and says why.
                }
            }
        });
    }

    public static string Deserialize(string json) => Remembered(print: true, json);

    private static string Remembered(bool print, string text)
    {
        if (Memo.TryGetValue((print, text), out var known)) return known;
        var answer = Scalar(print ? "SELECT json_deserialize_sql(?::JSON)" : "SELECT json_serialize_sql(?::VARCHAR)", text);
        if (text.Length <= MemoLength)
        {
            if (Memo.Count >= MemoEntries) Memo.Clear();
            Memo[(print, text)] = answer;
        }
        return answer;
    }

    private static string Scalar(string commandText, string argument)
    {
        lock (Gate)
        {
            try
            {
                parser ??= OpenParser();
                using var command = parser.CreateCommand();
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

    private static DuckDBConnection OpenParser()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        try
        {
            // Defence in depth: the parser database only parses and prints, so it needs no files, extensions or settings.
            foreach (var setting in new[] { "SET enable_external_access = false", "SET autoload_known_extensions = false", "SET autoinstall_known_extensions = false", "SET threads = 1", "SET lock_configuration = true" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = setting;
                command.ExecuteNonQuery();
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
