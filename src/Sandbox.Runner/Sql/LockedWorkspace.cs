using DuckDB.NET.Data;

namespace Sandbox.Runner.Sql;

/// <summary>
/// A DuckDB connection that sees only one workspace database, read-only, with file access, extensions and
/// configuration locked. DuckDB calls this defence in depth, not a security boundary: the container backend is
/// the boundary; this keeps the embedded backend honest.
/// </summary>
public static class LockedWorkspace
{
    /// <summary>Opens <paramref name="databasePath"/> read-only and locks the connection down.</summary>
    public static DuckDBConnection Open(string databasePath, long memoryBytes, int threads)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"workspace database not found: {databasePath}", databasePath);
        }

        // Threads and memory are given at open: the instance starts with its own worker threads rather than one per
        // core, which it would start and then stop (a visible share of a small job's time on a many-core host).
        var connection = new DuckDBConnection(
            $"DataSource={databasePath};ACCESS_MODE=READ_ONLY;threads={Math.Max(threads, 1)};memory_limit={Math.Max(memoryBytes / (1024 * 1024), 16)}MB");
        connection.Open();
        try
        {
            Lock(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an empty in-memory database with the job's thread and memory limits, not yet locked: the host loads the
    /// masked tables into it with an appender (it reads no file itself), then calls <see cref="Lock"/> before any job
    /// query. What does not fit in memory spills to <paramref name="spillDirectory"/>, at most
    /// <paramref name="spillBytes"/>.
    /// </summary>
    /// <remarks>
    /// Unlike <see cref="Open"/>, the database is writable once locked. A job cannot use that: the host admits only
    /// statements that parse as a single SELECT, and the database is the job's own copy, dropped at its end.
    /// </remarks>
    public static DuckDBConnection OpenInMemory(long memoryBytes, int threads, string spillDirectory, long spillBytes)
    {
        var connection = OpenInMemory();
        try
        {
            Limit(connection, memoryBytes, threads, spillDirectory, spillBytes);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an empty in-memory database on one thread, before the job's limits are known (starting an instance takes
    /// longer than reading the job): <see cref="Limit"/> and <see cref="Lock"/> must follow before any job query.
    /// </summary>
    public static DuckDBConnection OpenInMemory()
    {
        var connection = new DuckDBConnection("DataSource=:memory:;threads=1");
        connection.Open();
        return connection;
    }

    /// <summary>Sets a job's threads and memory on an unlocked in-memory database, and where and how much it may spill.</summary>
    public static void Limit(DuckDBConnection connection, long memoryBytes, int threads, string spillDirectory, long spillBytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrEmpty(spillDirectory);
        Execute(connection, $"SET threads = {Math.Max(threads, 1)}");
        Execute(connection, $"SET memory_limit = '{Math.Max(memoryBytes / (1024 * 1024), 16)}MiB'");
        Execute(connection, $"SET temp_directory = '{spillDirectory.Replace("'", "''", StringComparison.Ordinal)}'");
        Execute(connection, $"SET max_temp_directory_size = '{Math.Max(spillBytes / (1024 * 1024), 1)}MiB'");
    }

    /// <summary>
    /// Locks <paramref name="connection"/>'s instance: no file or network access, no extension loading, and no later
    /// change of any setting (limits included).
    /// </summary>
    public static void Lock(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Order matters: every option is set before lock_configuration freezes them.
        string[] settings =
        [
            "SET enable_external_access = false",
            "SET autoinstall_known_extensions = false",
            "SET autoload_known_extensions = false",
            "SET lock_configuration = true",
        ];
        foreach (var setting in settings) Execute(connection, setting);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
