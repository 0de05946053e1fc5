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

        var connection = new DuckDBConnection($"DataSource={databasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        try
        {
            // Order matters: every option is set before lock_configuration freezes them.
            string[] settings =
            [
                "SET enable_external_access = false",
                "SET autoinstall_known_extensions = false",
                "SET autoload_known_extensions = false",
                $"SET memory_limit = '{Math.Max(memoryBytes / (1024 * 1024), 16)}MB'",
                $"SET threads = {Math.Max(threads, 1)}",
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
