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
/// under <c>materialized/&lt;grant&gt;/</c> in the home, and read in place by every job of that grant: DuckDB's Parquet
/// reader reads only the columns and row groups a query needs (<see cref="LockedWorkspace.Attach"/>). No second copy is
/// written: the first use costs one pass of the masking engine over the raw data.
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
    /// column is known to hold each subject once (no NULL, no repeat), measured on the masked values the first time the
    /// evidence needed it (<see cref="CheckSubject"/>); false when not measured yet or not unique.
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
            File.SetUnixFileMode(temp + ".parquet", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            CrashPoint.Reach(CrashPoint.MaterializeWritten);
            // What an earlier build at this address left (same inputs, same masked values) is measured or written again
            // from this Parquet when needed: the subject check (CheckSubject), the Arrow file (MaterializedArrow). The
            // Parquet file's appearance says the materialization is whole.
            File.Delete(unique);
            File.Delete(Path.Combine(directory, $"{name}.{address}.repeats"));
            File.Delete(arrow);
            File.Move(temp + ".parquet", parquet, overwrite: true);
            RemoveStale(directory, name, address);
            shown.End();
            return new Table(name, address, parquet, arrow, rows, Built: true);
        }
        finally
        {
            File.Delete(temp + ".parquet");
            published.Remove();
        }
    }

    /// <summary>
    /// <paramref name="table"/> with <see cref="Table.UniqueSubject"/> known: whether its <paramref name="subject"/> column
    /// (null: none to check) holds no NULL and no value twice, measured on the masked Parquet the first time it is asked
    /// for and kept beside it (<c>.unique</c> or <c>.repeats</c>, under the table's lock). Asked for by what measures
    /// evidence (an export request, an ml job), not by the first use: most tables' evidence is never measured, and the
    /// check is a tenth of a masking pass.
    /// </summary>
    /// <exception cref="IOException">The table's materialization was replaced meanwhile.</exception>
    public static Table CheckSubject(SandboxHome home, string grantId, Table table, string? subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(table);
        if (subject is null || table.UniqueSubject) return table;
        var directory = DirectoryOf(home, grantId);
        var unique = Path.Combine(directory, $"{table.Name}.{table.Address}.unique");
        var repeats = Path.Combine(directory, $"{table.Name}.{table.Address}.repeats");
        if (File.Exists(unique)) return table with { UniqueSubject = true };
        if (File.Exists(repeats)) return table;
        using var held = Lock(Path.Combine(directory, $"{table.Name}.lock"), cancellationToken);
        if (File.Exists(unique)) return table with { UniqueSubject = true };
        if (File.Exists(repeats)) return table;
        if (!File.Exists(table.Parquet)) throw new IOException($"{table.Name}: its materialization was replaced meanwhile");
        var isUnique = SubjectIsUnique(directory, table, subject, cancellationToken);
        File.WriteAllBytes(isUnique ? unique : repeats, []);
        return table with { UniqueSubject = isUnique };
    }

    // The subject column with no NULL and no value twice in the masked table, in a DuckDB of its own under a memory
    // limit, spilling to a folder of the table's beside it (removed after; a killed check's by RemoveLeftovers).
    // Grouped rather than count(DISTINCT …), which does not spill: at 20M rows that ran out of memory where a grouping
    // spills. Grouped by the value's 64-bit hash, not the value: a grouping of 30M strings still ran out of its 256 MB,
    // while fixed-width keys spill; equal values hash alike, so no hash twice proves no value twice, and a collision
    // only answers "not known". A check that cannot finish answers "not known to be unique" too: the evidence then
    // groups by subject, which is right for any table but costs a job at 30M rows 37 s instead of 2.
    private static bool SubjectIsUnique(string directory, Table table, string subject, CancellationToken cancellationToken)
    {
        var spill = Path.Combine(directory, $".{table.Name}.{table.Address}.{Guid.NewGuid():N}.tmp");
        try
        {
            using var duck = new DuckDBConnection("DataSource=:memory:;memory_limit=256MB");
            duck.Open();
            Sql.Execute(duck, $"SET temp_directory = {Sql.Literal(spill)}");
            cancellationToken.ThrowIfCancellationRequested();
            using var command = duck.CreateCommand();
            var column = Sql.Identifier(subject);
            var from = $"read_parquet({Sql.Literal(table.Parquet)})";
            command.CommandText = $"SELECT NOT EXISTS (SELECT 1 FROM {from} WHERE {column} IS NULL) AND NOT EXISTS (SELECT 1 FROM {from} GROUP BY hash({column}) HAVING count(*) > 1)";
            return command.ExecuteScalar() is true;
        }
        catch (DuckDBException)
        {
            return false;
        }
        finally
        {
            if (Directory.Exists(spill)) Directory.Delete(spill, recursive: true);
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
            // A temporary file is `.<table>.<address>.<guid>.<ext>`, a check's spill folder `.<table>.<address>.<guid>.tmp`; its lock is `<table>.lock`.
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
        // A subject check's spill folder, when it spilled before it was killed.
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

    // Removes the files of the table's earlier versions (a job already running keeps the file it reads through its own
    // hard link until it ends), and any table database an earlier release wrote beside them (jobs read the Parquet now).
    private static void RemoveStale(string directory, string table, string address)
    {
        foreach (var file in Directory.GetFiles(directory, table + ".*"))
        {
            var name = Path.GetFileName(file);
            var parts = name.Split('.');
            if (parts.Length == 3 && parts[0] == table && (parts[2] == "duckdb" || (parts[1] != address && parts[2] is "parquet" or "arrow" or "unique" or "repeats")))
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
    /// Makes a grant's materialized tables readable to a job's own DuckDB without a copy: each table's masked Parquet
    /// file hard-linked into the job's scratch folder (outside the home, so no path the job can see names the home) and
    /// read in place through a view named after the table, <c>allowed_paths</c> set to exactly those links
    /// (<see cref="LockedWorkspace.Attach"/>), before the instance is locked. Returns the search path, which every further
    /// connection of the instance sets for itself.
    /// </summary>
    public static string AttachTables(DuckDBConnection job, string scratch, IReadOnlyList<Table> tables)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(tables);
        var links = tables.Select(t => (t.Name, LinkIn(scratch, t.Parquet, t.Name + ".parquet"))).ToList();
        return LockedWorkspace.Attach(job, links);
    }

    // A hard link of `file` in the scratch folder's `data`; another filesystem cannot take the link: the job then
    // reads the file under its own path (still only that file), rather than paying a copy for every job. A file gone
    // meanwhile (replaced by a newer version) is told as such.
    private static string LinkIn(string scratch, string file, string name)
    {
        var data = Path.Combine(scratch, "data");
        Directory.CreateDirectory(data);
        var link = Path.Combine(data, name);
        if (HardLink.TryCreate(file, link)) return link;
        return File.Exists(file) ? file : throw new IOException($"{Path.GetFileName(file)}: its materialization was replaced meanwhile");
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
