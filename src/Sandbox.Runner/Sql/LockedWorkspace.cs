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
    /// Opens the tables a job reads, each its own masked Parquet file <c>&lt;table&gt;.parquet</c> in <paramref name="directory"/>
    /// (a container's read-only <c>/data</c>), read in place through a view in an in-memory instance (<see cref="Attach"/>)
    /// that is then locked down as <see cref="Open"/>'s is: the job names its tables as always and reads no other file.
    /// </summary>
    public static DuckDBConnection OpenTables(string directory, IReadOnlyList<string> tables, long memoryBytes, int threads)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count == 0) throw new ArgumentException("at least one table is required", nameof(tables));
        var files = new List<(string Table, string Path)>();
        foreach (var table in tables)
        {
            var path = Path.Combine(directory, CheckName(table) + ".parquet");
            if (!File.Exists(path)) throw new FileNotFoundException($"table file not found: {path}", path);
            files.Add((table, path));
        }
        var connection = new DuckDBConnection($"DataSource=:memory:;threads={Math.Max(threads, 1)};memory_limit={Math.Max(memoryBytes / (1024 * 1024), 16)}MB");
        connection.Open();
        try
        {
            Attach(connection, files);
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
    /// Makes each table's masked Parquet file readable by its name on an instance not yet locked: a catalog
    /// <c>granted_&lt;table&gt;</c> of its own (in memory) holds one view, <c>SELECT * FROM read_parquet(file)</c>, so
    /// DuckDB's Parquet reader reads only the columns and row groups a query needs, in place; <c>allowed_paths</c> is set
    /// to exactly those files (what the views read once the instance is locked, and nothing else) and the search path
    /// goes over the catalogs (<see cref="SearchPath"/>), so the job writes <c>residents</c>, not
    /// <c>granted_residents.residents</c>. Returns the search path, which every further connection of the instance must
    /// set for itself. A view has no <c>rowid</c>: a job that names it is told the column does not exist.
    /// </summary>
    public static string Attach(DuckDBConnection connection, IReadOnlyList<(string Table, string Path)> files)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (table, _) in files) CheckName(table);
        Execute(connection, $"SET allowed_paths = [{string.Join(", ", files.Select(d => Literal(d.Path)))}]");
        foreach (var (table, path) in files)
        {
            var catalog = CatalogOf(table);
            Execute(connection, $"ATTACH ':memory:' AS \"{catalog}\"");
            Execute(connection, $"CREATE VIEW \"{catalog}\".main.\"{table}\" AS SELECT * FROM read_parquet({Literal(path)})");
        }
        var searchPath = SearchPath(files.Select(d => d.Table));
        Execute(connection, $"SET search_path = {Literal(searchPath)}");
        return searchPath;
    }

    /// <summary>The search path over the attached tables' catalogs.</summary>
    public static string SearchPath(IEnumerable<string> tables) => string.Join(',', tables.Select(t => $"\"{CatalogOf(CheckName(t))}\".main"));

    // Table names are `[a-z][a-z0-9_]*` (the importer's rule), so a catalog's name needs no escaping in the search path;
    // anything else is refused rather than quoted.
    private static string CatalogOf(string table) => "granted_" + table;

    private static string CheckName(string table) =>
        table.Length > 0 && table[0] is >= 'a' and <= 'z' && table.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')
            ? table
            : throw new ArgumentException($"not a table name: {table}", nameof(table));

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

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
