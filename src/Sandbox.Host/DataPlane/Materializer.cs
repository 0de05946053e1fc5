using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Masking.Engine;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// The data plane: each granted table's masked columns written once, as Parquet (and Arrow IPC when a container job first needs it: <see cref="MaterializedArrow"/>),
/// under <c>materialized/&lt;grant&gt;/</c> in the home, and read in place by every job of that grant.
/// </summary>
/// <remarks>
/// A file's name carries its address: a hash of the dataset's content hash, the table, the grant, each granted column
/// with its type and masking rule, and an HMAC of the grant under the home's masking key. Re-importing the dataset,
/// changing the grant's plan or rotating the key gives a new address, so a stale file is never served; the old one is
/// removed when the new one is built. Concurrent first uses build once (an exclusive lock file; the file appears by
/// rename, whole). Raw values pass through memory only, one Arrow batch at a time.
/// </remarks>
internal static class Materializer
{
    /// <summary>
    /// One materialized table: its masked Parquet file and where its Arrow file is (or will be: <see cref="MaterializedArrow"/>); <paramref name="UniqueSubject"/> when its subject
    /// column holds each subject once (no NULL, no repeat), measured on the masked values when it was built.
    /// </summary>
    public sealed record Table(string Name, string Address, string Parquet, string Arrow, long Rows, bool Built, bool UniqueSubject = false);

    /// <summary>Where a grant's materializations live.</summary>
    public static string DirectoryOf(SandboxHome home, string grantId) => Path.Combine(home.MaterializedDirectory, grantId);

    /// <summary>The address of <paramref name="table"/> under <paramref name="grantId"/> and the home's key.</summary>
    public static string Address(WorkspaceStager.TablePlan table, string grantId, ReadOnlySpan<byte> maskingKey)
    {
        var text = new StringBuilder()
            .Append("dataset=").Append(table.Dataset.Sha256).Append('\n')
            .Append("table=").Append(table.Dataset.Name).Append('\n')
            .Append("grant=").Append(grantId).Append('\n');
        foreach (var column in table.Columns)
        {
            var type = table.Dataset.Columns.FirstOrDefault(c => c.Name == column.Column)?.Type ?? "VARCHAR";
            text.Append(CultureInfo.InvariantCulture, $"column={column.Column}\t{type}\t{column.Level}\t{column.Rule}\n");
        }
        // The key enters through an HMAC: the address changes when the key does, and tells nothing of it.
        text.Append("key=").Append(Convert.ToHexStringLower(HMACSHA256.HashData(maskingKey, Encoding.UTF8.GetBytes("materialization:" + grantId))));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }

    /// <summary>
    /// The materialization of <paramref name="table"/>, built first when there is none at its address; progress of a
    /// long build goes to <paramref name="progress"/>.
    /// </summary>
    public static Table Ensure(SandboxHome home, string grantId, ReadOnlySpan<byte> maskingKey, WorkspaceStager.TablePlan table,
        CancellationToken cancellationToken, TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(table);
        var directory = DirectoryOf(home, grantId);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var address = Address(table, grantId, maskingKey);
        var name = table.Dataset.Name;
        var parquet = Path.Combine(directory, $"{name}.{address}.parquet");
        var arrow = Path.Combine(directory, $"{name}.{address}.arrow");
        var unique = Path.Combine(directory, $"{name}.{address}.unique");
        if (File.Exists(parquet)) return new Table(name, address, parquet, arrow, -1, Built: false, File.Exists(unique));

        // Another process building it (a job's first use, `grant prepare`): the wait says so, and how far that build has got.
        var waiting = new TableWait(progress, directory, name, grantId);
        using var held = Lock(Path.Combine(directory, $"{name}.lock"), cancellationToken, waiting.Busy);
        waiting.End();
        if (File.Exists(parquet)) return new Table(name, address, parquet, arrow, -1, Built: false, File.Exists(unique)); // another use built it meanwhile
        // What a build killed before its renames left: nobody else writes this table's temporary files while we hold its lock.
        RemoveTemporaries(directory, name);

        var temp = Path.Combine(directory, $".{name}.{address}.{Guid.NewGuid():N}");
        var published = new BuildProgressFile(directory, name);
        try
        {
            var shown = MaterializationProgress.Start(progress, name, grantId, table.Dataset.Rows, published);
            long rows;
            using (var engine = new MaskingEngine(maskingKey, grantId))
            using (var duck = WorkspaceStager.OpenRawReader())
            using (var raw = RawVault.Open(table.Dataset))
            using (var command = WorkspaceStager.RawSelect(duck, table, raw))
            using (var stream = command.ExecuteArrowStream())
            {
                Sandbox.Runner.Timing.PhaseClock.Mark("materialize raw opened");
                // Parquet only: the Arrow copy is for container jobs, written from this file when one first needs it
                // (writing it beside took a quarter of the masking pass at 10M rows, and as much disk again as the Parquet).
                rows = MaskedTableWriter.WriteAsync(stream, engine, [.. table.Columns.Select(WorkspaceStager.PlanOf)], null, temp + ".parquet", cancellationToken,
                    batch => shown.Add(batch.Length)).GetAwaiter().GetResult();
            }
            Sandbox.Runner.Timing.PhaseClock.Mark("materialize masked and written");
            var subject = SubjectColumn(table);
            shown.Masked(subject);
            File.SetUnixFileMode(temp + ".parquet", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            CrashPoint.Reach(CrashPoint.MaterializeWritten);
            // The table's own database (what every job attaches: EnsureTableDatabase) is loaded here, under the same
            // lock, and whether each row is one subject is measured on its native storage in that same instance: one
            // pass over the Parquet fewer than a check of its own (the evidence of a query on this table alone then
            // needs no grouping by subject).
            var isUnique = false;
            WriteDatabase(temp + ".duckdb", Path.Combine(directory, $"{name}.{address}.duckdb"), name, temp + ".parquet", cancellationToken,
                subject is null ? null : duck => isUnique = SubjectIsUnique(duck, name, subject));
            Sandbox.Runner.Timing.PhaseClock.Mark("materialize database written, subject checked");
            if (isUnique) File.WriteAllBytes(unique, []);
            else File.Delete(unique);
            // An Arrow file of an earlier build at this address (same inputs, same masked values) is written again from
            // this Parquet when a container job needs it; the Parquet file's appearance says the materialization is
            // whole (its database, renamed just before, is whole then too; one left by a build killed between the two
            // renames is replaced by the next build).
            File.Delete(arrow);
            File.Move(temp + ".parquet", parquet, overwrite: true);
            RemoveStale(directory, name, address);
            shown.End();
            return new Table(name, address, parquet, arrow, rows, Built: true, isUnique);
        }
        finally
        {
            File.Delete(temp + ".parquet");
            published.Remove();
        }
    }

    // The subject column, granted and not redacted; null when there is none to check.
    private static string? SubjectColumn(WorkspaceStager.TablePlan table)
    {
        if (table.Dataset.Subject is not { } subject) return null;
        var plan = table.Columns.FirstOrDefault(c => string.Equals(c.Column, subject, StringComparison.OrdinalIgnoreCase));
        return plan is null || plan.Rule.Technique == Sandbox.Masking.Techniques.Technique.Redact ? null : plan.Column;
    }

    // The subject column with no NULL and no value twice in the masked table, read from the table's database as it is
    // loaded (its instance runs under a memory limit and spills beside the file). Grouped rather than count(DISTINCT …),
    // which does not spill: at 20M rows that ran out of memory (and failed `grant prepare`) where a grouping spills.
    // Grouped by the value's 64-bit hash, not the value: a grouping of 30M strings still ran out of its 256 MB, while
    // fixed-width keys spill; equal values hash alike, so no hash twice proves no value twice, and a collision only
    // answers "not known". A check that cannot finish answers "not known to be unique" too: the evidence then groups by
    // subject, which is right for any table but costs a job at 30M rows 37 s instead of 2 (bench/dataplane.sh).
    private static bool SubjectIsUnique(DuckDBConnection duck, string table, string subject)
    {
        try
        {
            using var command = duck.CreateCommand();
            var column = Sql.Identifier(subject);
            var from = Sql.Identifier(table);
            command.CommandText = $"SELECT NOT EXISTS (SELECT 1 FROM {from} WHERE {column} IS NULL) AND NOT EXISTS (SELECT 1 FROM {from} GROUP BY hash({column}) HAVING count(*) > 1)";
            return command.ExecuteScalar() is true;
        }
        catch (DuckDBException)
        {
            return false;
        }
    }

    /// <summary>Deletes every materialization of the grant (seed §7, data destruction at the grant's end); returns the files removed.</summary>
    public static IReadOnlyList<string> Destroy(SandboxHome home, string grantId)
    {
        var directory = DirectoryOf(home, grantId);
        if (!Directory.Exists(directory)) return [];
        var files = Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>().Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Directory.Delete(directory, recursive: true);
        return files;
    }

    /// <summary>
    /// After a crash: the temporary files of every build that did not finish (a killed process never reaches its
    /// <c>finally</c>), for each table whose lock nobody holds, so a build in progress in another
    /// process keeps its files. Returns the files removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveLeftovers(SandboxHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        var removed = new List<string>();
        var root = Path.Combine(home.Root, "materialized");
        if (!Directory.Exists(root)) return removed;
        foreach (var directory in Directory.GetDirectories(root))
        {
            // A temporary file is `.<table>.<address>.<guid>.<ext>` (`.duckdb.wal` too); its lock is `<table>.lock`.
            var owners = Directory.GetFiles(directory, ".*").Select(f => Path.GetFileName(f).Split('.')).Where(p => p.Length > 2).Select(p => p[1]).Distinct(StringComparer.Ordinal);
            foreach (var owner in owners.ToList())
            {
                if (TryLock(Path.Combine(directory, $"{owner}.lock")) is not { } held) continue;
                using (held) removed.AddRange(RemoveTemporaries(directory, owner));
            }
        }
        return removed;
    }

    // Called with the owner's lock held.
    private static List<string> RemoveTemporaries(string directory, string owner)
    {
        var removed = new List<string>();
        foreach (var file in Directory.GetFiles(directory, $".{owner}.*"))
        {
            File.Delete(file);
            removed.Add(Path.GetFileName(file));
        }
        // A database's spill folder (`<temp>.duckdb.tmp`), when the build spilled before it was killed.
        foreach (var folder in Directory.GetDirectories(directory, $".{owner}.*"))
        {
            Directory.Delete(folder, recursive: true);
            removed.Add(Path.GetFileName(folder));
        }
        return removed;
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Removes the files of the table's earlier versions (its database too: a job already running keeps the one it
    // attached through its own hard link until it ends).
    private static void RemoveStale(string directory, string table, string address)
    {
        foreach (var file in Directory.GetFiles(directory, table + ".*"))
        {
            var name = Path.GetFileName(file);
            var parts = name.Split('.');
            if (parts.Length == 3 && parts[0] == table && parts[1] != address && parts[2] is "parquet" or "arrow" or "unique" or "duckdb")
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// An exclusive lock on a file (advisory flock on Unix, through FileShare.None): across threads and processes;
    /// <paramref name="busy"/>, when given, hears each time the lock is found held.
    /// </summary>
    internal static FileStream Lock(string path, CancellationToken cancellationToken, Action? busy = null)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                busy?.Invoke();
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>
    /// The DuckDB database holding <paramref name="table"/> alone (loaded from its materialized Parquet), beside it and
    /// under the same address, built first when there is none: an inprocess job attaches one per table it reads
    /// (<see cref="AttachTables"/>), so any set of a grant's tables is ready once each table is, where a database of
    /// exactly a job's set costs a copy of its tables for every new set (40–111 s at 30M rows). It goes with the table's
    /// other files when a newer version replaces them, and with the grant.
    /// </summary>
    public static string EnsureTableDatabase(SandboxHome home, string grantId, Table table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(table);
        var directory = DirectoryOf(home, grantId);
        var path = Path.Combine(directory, $"{table.Name}.{table.Address}.duckdb");
        if (File.Exists(path)) return path;

        // The table's own lock: its build and its replacement by a newer version (which removes this file) never overlap.
        using var held = Lock(Path.Combine(directory, $"{table.Name}.lock"), cancellationToken);
        if (File.Exists(path)) return path;
        if (!File.Exists(table.Parquet)) throw new IOException($"{table.Name}: its materialization was replaced meanwhile");
        return WriteDatabase(Path.Combine(directory, $".{table.Name}.{table.Address}.{Guid.NewGuid():N}.duckdb"), path, table.Name, table.Parquet, cancellationToken);
    }

    // A DuckDB file of table `name`, loaded from its masked Parquet, written at `temp` and renamed to `path` whole (the
    // caller holds the table's lock; a file already there, left by a build killed between its two renames, is
    // replaced); `inspect` reads the loaded table before the checkpoint. Its WAL and spill folder never outlive it.
    private static string WriteDatabase(string temp, string path, string name, string parquet, CancellationToken cancellationToken,
        Action<DuckDBConnection>? inspect = null)
    {
        try
        {
            // Bounded: without a limit DuckDB keeps the blocks it writes cached up to 80% of the machine (peak 914 MiB
            // and growing at 30M rows); under it they are evicted once written (367 MiB at 30M, measured beside it).
            using (var duck = new DuckDBConnection($"DataSource={temp};memory_limit=256MB"))
            {
                duck.Open();
                // No FSST: choosing and building FSST symbol tables for the keyed tokens (random, unique strings) took
                // half of this load at 10M rows (24.8 s and 24.1 s against 12.0 s and 10.8 s, paired, 256 MB either
                // way); they are stored plainly instead (the file 1.38× larger), the low-cardinality columns stay
                // dictionary-encoded, and a job's aggregate over them measured no slower. Row order is kept as it is
                // (insertion order preserved, the default): a job may group by rowid. More threads or memory did not help.
                Sql.Execute(duck, "SET disabled_compression_methods = 'fsst'");
                cancellationToken.ThrowIfCancellationRequested();
                Sql.Execute(duck, $"CREATE TABLE {Sql.Identifier(name)} AS SELECT * FROM read_parquet({Sql.Literal(parquet)})");
                inspect?.Invoke(duck);
                Sql.Execute(duck, "CHECKPOINT");
            }
            if (File.Exists(temp + ".wal")) throw new IOException($"{temp}: not checkpointed on close");
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temp);
            File.Delete(temp + ".wal");
            if (Directory.Exists(temp + ".tmp")) Directory.Delete(temp + ".tmp", recursive: true); // where it spilled, if it did
        }
    }

    /// <summary>
    /// Makes a grant's materialized tables readable to a job's own DuckDB without a copy, one database per table
    /// (<see cref="EnsureTableDatabase"/>): each hard-linked into the job's scratch folder (outside the home, so no path
    /// the job can see names the home) and attached read-only as <c>granted_&lt;table&gt;</c>, <c>allowed_paths</c> set
    /// to exactly those links, and the search path set so the job names its tables as always (<see cref="LockedWorkspace.Attach"/>),
    /// before the instance is locked. Returns the search path, which every further connection of the instance sets for itself.
    /// </summary>
    public static string AttachTables(DuckDBConnection job, string scratch, IReadOnlyList<(string Table, string Database)> databases)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(databases);
        var links = databases.Select(d => (d.Table, LinkIn(scratch, d.Database, d.Table + ".duckdb"))).ToList();
        return LockedWorkspace.Attach(job, links);
    }

    // A hard link of `database` in the scratch folder's `data`; another filesystem cannot take the link: the job then
    // reads the file under its own path (still only that file, and read-only), rather than paying a copy for every job.
    private static string LinkIn(string scratch, string database, string name)
    {
        var data = Path.Combine(scratch, "data");
        Directory.CreateDirectory(data);
        var link = Path.Combine(data, name);
        return HardLink.TryCreate(database, link) ? link : database;
    }

    /// <summary>
    /// The materialization of table <paramref name="name"/> at <paramref name="address"/> under grant
    /// <paramref name="grantId"/> if it still exists (a later version of the table, a changed plan or key, or the
    /// grant's end removes it); never builds one.
    /// </summary>
    public static Table? Find(SandboxHome home, string grantId, string name, string address)
    {
        ArgumentNullException.ThrowIfNull(home);
        var directory = DirectoryOf(home, grantId);
        var parquet = Path.Combine(directory, $"{name}.{address}.parquet");
        return File.Exists(parquet)
            ? new Table(name, address, parquet, Path.Combine(directory, $"{name}.{address}.arrow"), -1, Built: false, File.Exists(Path.Combine(directory, $"{name}.{address}.unique")))
            : null;
    }

}
