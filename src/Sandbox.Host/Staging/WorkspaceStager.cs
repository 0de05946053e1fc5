using DuckDB.NET.Data;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Masking.Engine;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Staging;

/// <summary>
/// Builds a job's workspace: only the granted columns of the tables it needs, with level-3+ columns masked
/// on the way in. Raw values of masked columns pass through memory only, one Arrow batch at a time; they are
/// never written here.
/// </summary>
public static class WorkspaceStager
{
    /// <summary>One table to stage: the dataset and the rule of each granted column.</summary>
    public sealed record TablePlan(DatasetRecord Dataset, IReadOnlyList<ColumnMasking.Plan> Columns);

    /// <summary>
    /// Stages <paramref name="tables"/> into <paramref name="directory"/>: the table in <c>sandbox.duckdb</c> and, as
    /// <paramref name="files"/> asks, <c>&lt;table&gt;.arrow</c> (Arrow IPC) and <c>&lt;table&gt;.parquet</c>, each
    /// holding masked values only.
    /// </summary>
    /// <exception cref="IOException">The directory exists already, or the database was not fully written.</exception>
    public static Workspace Stage(string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        CancellationToken cancellationToken, WorkspaceFiles files = WorkspaceFiles.All)
    {
        ArgumentNullException.ThrowIfNull(tables);
        CreateNew(directory);
        var database = Path.Combine(directory, "sandbox.duckdb");
        try
        {
            using var engine = new MaskingEngine(maskingKey, grantId);
            // A connection of the process-wide staging instance: starting a DuckDB instance costs more than staging a
            // small table. It reads the raw data into memory only and holds no table of its own; the workspace
            // database is attached under a name of its own, so concurrent stagings never see each other's.
            using (var duck = Reader.Value.Duplicate())
            {
                duck.Open();
                var workspace = "workspace_" + Guid.NewGuid().ToString("N");
                Sql.Execute(duck, $"ATTACH {Sql.Literal(database)} AS {workspace}");
                try
                {
                    foreach (var table in tables)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        // Without a Parquet copy the database still loads from one, written under a hidden name and deleted after.
                        var parquet = Path.Combine(directory, files.HasFlag(WorkspaceFiles.Parquet) ? table.Dataset.Name + ".parquet" : $".{table.Dataset.Name}.load.parquet");
                        var arrow = files.HasFlag(WorkspaceFiles.Arrow) ? Path.Combine(directory, table.Dataset.Name + ".arrow") : null;
                        // 1. The granted columns stream out of the domain's Parquet as Arrow batches (raw, in memory only).
                        using (var raw = RawVault.Open(table.Dataset))
                        using (var command = RawSelect(duck, table, raw))
                        {
                            using var stream = command.ExecuteArrowStream();
                            // 2. The engine masks each batch on its buffers and writes Arrow IPC and Parquet side by side.
                            MaskedTableWriter.WriteAsync(stream, engine, [.. table.Columns.Select(Plan)], arrow, parquet, cancellationToken)
                                .GetAwaiter().GetResult(); // Stage is synchronous; the writer only awaits file I/O, there is no context to deadlock on
                        }
                        // 3. The workspace database loads the masked Parquet (the raw stream is closed: one query per connection at a time).
                        //    Faster for big tables than the appender into a file database (measured 1.6 s vs 3.0 s for 1M rows).
                        Sql.Execute(duck, $"CREATE TABLE {workspace}.{Sql.Identifier(table.Dataset.Name)} AS SELECT * FROM read_parquet({Sql.Literal(parquet)})");
                        if (!files.HasFlag(WorkspaceFiles.Parquet)) File.Delete(parquet);
                    }
                }
                finally
                {
                    // 4. Detaching closes the workspace database, which checkpoints it (checkpoint_on_shutdown): an
                    //    explicit CHECKPOINT would write it twice. Also on failure: the instance outlives this call.
                    Sql.Execute(duck, $"DETACH DATABASE IF EXISTS {workspace}");
                }
            }
            // A WAL left over means the data is not all in the file: a job must not read it.
            if (File.Exists(database + ".wal")) throw new IOException($"{database}: not checkpointed on close");
            return new Workspace(directory, database, [.. tables.Select(t => t.Dataset.Name)]) { Subjects = SubjectsOf(tables) };
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Stages <paramref name="tables"/> for the inprocess backend: straight into a fresh in-memory DuckDB, the job's own,
    /// through the appender — no file between the masking engine and the job, nothing to checkpoint, and no second
    /// instance to open. <paramref name="database"/> (opened meanwhile) gets the job's <paramref name="limits"/>, spills
    /// into a <see cref="ScratchFolder"/> (its path is visible to the job, so it names no server folder), and is locked
    /// (<see cref="LockedWorkspace.Lock"/>) before it is returned in <see cref="Workspace.Connection"/>. A column type
    /// the appender does not cover falls back to <see cref="Stage"/>'s file database, written in a scratch folder too.
    /// </summary>
    /// <exception cref="IOException">The directory exists already.</exception>
    public static Workspace StageInMemory(string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        JobDatabaseOpening database, SqlJobLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(database);
        CreateNew(directory);
        DuckDBConnection? job = null;
        try
        {
            using var engine = new MaskingEngine(maskingKey, grantId);
            using (var duck = Reader.Value.Duplicate())
            {
                duck.Open();
                foreach (var table in tables)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var plans = table.Columns.Select(Plan).ToList();
                    using var raw = RawVault.Open(table.Dataset);
                    using var command = RawSelect(duck, table, raw);
                    using var stream = command.ExecuteArrowStream();
                    var create = ArrowAppender.CreateTable(Sql.Identifier(table.Dataset.Name), engine.MaskedSchema(stream.Schema, plans));
                    if (create is null)
                    {
                        job?.Dispose();
                        job = null;
                        ScratchFolder.Remove(database.SpillFolder);
                        return StageScratch(directory, grantId, maskingKey, tables, cancellationToken);
                    }
                    // The database is taken at the first masked batch: the raw read and its masking run meanwhile,
                    // while the instance finishes opening.
                    DuckDBAppender? appender = null;
                    DuckDBAppender Target()
                    {
                        job ??= database.Take(limits);
                        Sql.Execute(job, create);
                        return job.CreateAppender(table.Dataset.Name);
                    }
                    try
                    {
                        MaskedTableWriter.WriteAsync(stream, engine, plans, null, null, cancellationToken, batch => ArrowAppender.Append(appender ??= Target(), batch))
                            .GetAwaiter().GetResult();
                        appender ??= Target(); // an empty table is a table still
                    }
                    finally
                    {
                        appender?.Dispose();
                    }
                }
            }
            job ??= database.Take(limits);
            LockedWorkspace.Lock(job);
            return new Workspace(directory, null, [.. tables.Select(t => t.Dataset.Name)]) { Subjects = SubjectsOf(tables), Connection = job, Scratch = database.SpillFolder };
        }
        catch
        {
            job?.Dispose();
            ScratchFolder.Remove(database.SpillFolder);
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    // The file database the inprocess backend falls back to: the job opens it by its path, so it lives in a scratch
    // folder outside the home; the home's workspace folder stays, empty, as for an in-memory workspace.
    private static Workspace StageScratch(string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        CancellationToken cancellationToken)
    {
        var scratch = ScratchFolder.Create();
        try
        {
            var staged = Stage(Path.Combine(scratch, "workspace"), grantId, maskingKey, tables, cancellationToken, WorkspaceFiles.Database);
            return staged with { Directory = directory, Database = staged.Database, Scratch = scratch };
        }
        catch
        {
            ScratchFolder.Remove(scratch);
            throw;
        }
    }

    /// <summary>
    /// Makes <paramref name="tables"/> ready for an inprocess job without copying them: each table's masked columns are
    /// materialized once for the grant (<see cref="Materializer"/>) and read in place through a view; the job's own
    /// <paramref name="database"/> gets its limits, may read exactly those files, and is locked. Tables built here are
    /// returned in <paramref name="built"/> (for the audit log).
    /// </summary>
    internal static Workspace StageInPlace(SandboxHome home, string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        JobDatabaseOpening database, SqlJobLimits limits, List<Materializer.Table> built, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(built);
        CreateNew(directory);
        DuckDBConnection? job = null;
        try
        {
            var materialized = Materialize(home, directory, grantId, maskingKey, tables, built, cancellationToken);
            Sandbox.Runner.Timing.PhaseClock.Mark("stage materializations found");
            job = database.Take(limits);
            Sandbox.Runner.Timing.PhaseClock.Mark("stage database taken");
            Materializer.AttachTables(job, database.SpillFolder!, materialized);
            LockedWorkspace.Lock(job);
            Sandbox.Runner.Timing.PhaseClock.Mark("stage attached and locked");
            return new Workspace(directory, null, [.. tables.Select(t => t.Dataset.Name)])
            {
                Subjects = SubjectsOf(tables),
                UniqueSubjects = UniqueOf(materialized),
                Connection = job,
                Scratch = database.SpillFolder,
                EvidenceAtRequest = true,
                InPlaceBytes = BytesOf(materialized),
            };
        }
        catch
        {
            job?.Dispose();
            ScratchFolder.Remove(database.SpillFolder);
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// <see cref="StageInPlace"/> for a long-running host: the job's connection comes from a warm instance over the
    /// grant's materialized tables (<see cref="WarmDatabases"/>), limited and locked as the job's own would be.
    /// </summary>
    internal static Workspace StageWarm(SandboxHome home, string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        WarmDatabases warm, SqlJobLimits limits, List<Materializer.Table> built, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(warm);
        ArgumentNullException.ThrowIfNull(built);
        CreateNew(directory);
        try
        {
            var materialized = Materialize(home, directory, grantId, maskingKey, tables, built, cancellationToken);
            var (job, lease) = warm.Open(materialized, limits);
            return new Workspace(directory, null, [.. tables.Select(t => t.Dataset.Name)])
            {
                Subjects = SubjectsOf(tables),
                UniqueSubjects = UniqueOf(materialized),
                Connection = job,
                Lease = lease,
                EvidenceAtRequest = true,
                InPlaceBytes = BytesOf(materialized),
            };
        }
        catch
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Makes <paramref name="tables"/> ready for a container job without copying them: each table's masked columns are
    /// materialized once for the grant and hard-linked into <paramref name="directory"/>, which the container mounts
    /// read-only at <c>/data</c> — <c>&lt;table&gt;.parquet</c>, which the runner reads in place (exactly these tables),
    /// and <c>&lt;table&gt;.arrow</c> for a job's own code. Only a filesystem that cannot take a hard link costs a copy.
    /// Tables built here are returned in <paramref name="built"/> (for the audit log). The workspace has no single
    /// <see cref="Workspace.Database"/>. With <paramref name="parquetOnly"/> (the runner's own process: an inprocess ml
    /// job) no Arrow file is linked (or written), the runner reading the Parquet alone. With <paramref name="checkSubjects"/>
    /// (an ml job, whose evidence is measured in the job) each table's subject check is made first
    /// (<see cref="Materializer.CheckSubject"/>); a SQL job's evidence is the export request's, which checks then.
    /// </summary>
    internal static Workspace StageLinked(SandboxHome home, string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        List<Materializer.Table> built, CancellationToken cancellationToken, bool parquetOnly = false, bool checkSubjects = false)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(built);
        CreateNew(directory);
        try
        {
            var materialized = Materialize(home, directory, grantId, maskingKey, tables, built, cancellationToken);
            foreach (var ready in materialized)
            {
                JobReadable.Link(ready.Parquet, Path.Combine(directory, ready.Name + ".parquet"));
                if (!parquetOnly) JobReadable.Link(MaterializedArrow.Ensure(ready, cancellationToken), Path.Combine(directory, ready.Name + ".arrow"));
            }
            JobReadable.Folder(directory);
            if (checkSubjects) materialized = [.. materialized.Select((t, i) => Materializer.CheckSubject(home, grantId, t, SubjectOf(tables[i]), cancellationToken))];
            return new Workspace(directory, null, [.. tables.Select(t => t.Dataset.Name)])
            {
                Subjects = SubjectsOf(tables),
                UniqueSubjects = UniqueOf(materialized),
                EvidenceAtRequest = true,
            };
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    // Each table's materialization, built first where there is none; the ones built here also go to `built`.
    // A first build's progress goes to the job's progress file, for whoever waits on the job (StagingProgressFile).
    private static List<Materializer.Table> Materialize(SandboxHome home, string directory, string grantId, ReadOnlySpan<byte> maskingKey, IReadOnlyList<TablePlan> tables,
        List<Materializer.Table> built, CancellationToken cancellationToken)
    {
        using var progress = StagingProgressFile.For(home, Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));
        var materialized = new List<Materializer.Table>();
        foreach (var table in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ready = Materializer.Ensure(home, grantId, maskingKey, table, cancellationToken, progress);
            if (ready.Built) built.Add(ready);
            materialized.Add(ready);
        }
        return materialized;
    }

    // What a job reading these tables in place may read: the sum of their files (a file replaced meanwhile counts 0;
    // the job then fails on it, or reads its own hard link).
    private static long BytesOf(IEnumerable<Materializer.Table> materialized) =>
        materialized.Sum(t => File.Exists(t.Parquet) ? new FileInfo(t.Parquet).Length : 0);

    private static HashSet<string> UniqueOf(IEnumerable<Materializer.Table> materialized) =>
        materialized.Where(t => t.UniqueSubject).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A connection of the process-wide raw reader (the domain's Parquet, bounded memory); the caller disposes it.</summary>
    internal static DuckDBConnection OpenRawReader()
    {
        var duck = Reader.Value.Duplicate();
        duck.Open();
        return duck;
    }

    /// <summary>The masking engine's plan of a granted column.</summary>
    internal static ColumnPlan PlanOf(ColumnMasking.Plan plan) => Plan(plan);

    // The granted columns, as the masking engine expects them (redacted ones are NULL already), read from the domain's Parquet.
    // The raw file is the opened one (RawVault.Open): a sealed file is never read in place.
    internal static DuckDBCommand RawSelect(DuckDBConnection duck, TablePlan table, RawVault.Opened raw)
    {
        var command = duck.CreateCommand();
        // Streamed, not materialized: without it DuckDB.NET runs the whole query into a result held in memory before
        // the first batch (outside memory_limit), about 80 bytes a row (1 GiB at 10M rows), and the writer's single
        // batch bounded nothing. Streaming, `grant prepare` stays near 250 MiB at 30M rows while masking.
        command.UseStreamingMode = true;
        command.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => Source(table.Dataset, c)))} FROM read_parquet({Sql.Literal(raw.Path)})";
        return command;
    }

    // Bounded memory whatever the table size: DuckDB defaults to 80% of RAM; past this limit it spills (the raw read
    // only streams; a workspace database writes masked blocks to its own file). Shared by concurrent stagings.
    private static readonly Lazy<DuckDBConnection> Reader = new(() =>
    {
        var connection = new DuckDBConnection("DataSource=:memory:;memory_limit=96MB");
        connection.Open();
        return connection;
    });

    private static string Source(DatasetRecord dataset, ColumnMasking.Plan plan) =>
        MaskedSelect.Expression(plan.Column, dataset.Columns.FirstOrDefault(c => c.Name == plan.Column)?.Type ?? "VARCHAR", plan.Rule);

    private static ColumnPlan Plan(ColumnMasking.Plan plan) => MaskedSelect.Plan(plan.Column, plan.Rule);

    // The runner's evidence counts subjects by this column: a tokenized or masked subject still tells subjects apart
    // (tokens are stable within a grant); a redacted one does not, so its table gets no evidence.
    private static Dictionary<string, string> SubjectsOf(IReadOnlyList<TablePlan> tables) =>
        tables.Where(t => SubjectOf(t) is not null).ToDictionary(t => t.Dataset.Name, t => SubjectOf(t)!, StringComparer.OrdinalIgnoreCase);

    /// <summary>The column the evidence counts <paramref name="table"/>'s subjects by, or null (none, not granted, or redacted).</summary>
    internal static string? SubjectOf(TablePlan table) =>
        table.Dataset.Subject is { } subject
            && table.Columns.Any(c => string.Equals(c.Column, subject, StringComparison.OrdinalIgnoreCase) && c.Rule.Technique != Sandbox.Masking.Techniques.Technique.Redact)
            ? subject
            : null;

    // A job's workspace folder, new: one left by an earlier job is never reused.
    private static void CreateNew(string directory)
    {
        if (Directory.Exists(directory)) throw new IOException($"{directory}: workspace already exists");
        Directory.CreateDirectory(directory);
    }
}
