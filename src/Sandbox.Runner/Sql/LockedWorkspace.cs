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
            // Order matters: every option is set before lock_configuration freezes them.
            string[] settings =
            [
                "SET enable_external_access = false",
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false",
                "SET lock_configuration = true",
            ];
            foreach (var setting in settings)
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
