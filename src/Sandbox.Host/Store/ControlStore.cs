using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Contracts.Jobs;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Store;

/// <summary>
/// The control plane (catalog, grants, principals, jobs, exports, reviews, audit log) in SQLite, WAL mode.
/// Every change runs in one transaction together with its audit entry, so a crash leaves neither half.
/// </summary>
internal sealed partial class ControlStore : IControlStore
{
    // Audit details are anonymous objects, written with these options by ObjectJson (the vocabularies' names).
    private static readonly JsonSerializerOptions DetailJson = StoreJson.AuditDetails();
    private readonly string _path;
    private readonly SqliteConnection _connection;
    private readonly AuditHead _head;
    private readonly TimeProvider _time;
    private readonly bool _pooled;

    private ControlStore(string path, SqliteConnection connection, AuditHead head, TimeProvider time, bool pooled)
    {
        _path = path;
        _pooled = pooled;
        _connection = connection;
        _head = head;
        _time = time;
    }

    /// <inheritdoc />
    public AuditHead Head => _head;

    /// <summary>
    /// Opens (and on first use creates) the store at <paramref name="path"/>, its audit log signed in <paramref name="head"/>;
    /// its connection (and those of its signal readers) from the process's pool when <paramref name="pooled"/>.
    /// </summary>
    /// <remarks>
    /// Pooled in a long-running host: it opens a session, and so a connection, several times per job, and a new one
    /// parses the schema and reads its pages again (0.5-0.9 ms each, against 0.06-0.09 ms taken from the pool, measured
    /// side by side). Not in a command's process: a connection closed at its end leaves the home's files settled (the
    /// write-ahead log folded into the database and removed), whatever other connections the process held.
    /// </remarks>
    public static ControlStore Open(string path, AuditHead head, TimeProvider time, bool pooled = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = pooled }.ToString());
        connection.Open();
        Sandbox.Runner.Timing.PhaseClock.Mark("store connection open");
        Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
        EnsureSchema(connection);
        Sandbox.Runner.Timing.PhaseClock.Mark("store schema");
        return new ControlStore(path, connection, head, time, pooled);
    }

    // The tables and added columns, unless the file says it has this schema already (its user_version): a warm host
    // opens a session, and so the store, several times per job, and parsing the whole schema each time showed in its profile.
    private static void EnsureSchema(SqliteConnection connection)
    {
        using (var version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version";
            if (Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture) == Schema.Version) return;
        }
        Execute(connection, null, Schema.Sql);
        foreach (var (table, column, definition) in Schema.AddedColumns)
        {
            using var info = connection.CreateCommand();
            info.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
            if (Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                Execute(connection, null, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
        }
        Execute(connection, null, $"PRAGMA user_version = {Schema.Version.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <inheritdoc />
    public T Change<T>(string actor, string action, string subject, object detail, Func<IStoreChange, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        T result;
        long seq;
        lock (WriterOf(_path))
        {
            using var tx = _connection.BeginTransaction();
            result = work(new SqliteChange(this, tx));
            seq = AppendAudit(tx, _time.GetUtcNow(), actor, action, subject, ObjectJson.Serialize(detail, DetailJson));
            tx.Commit();
        }
        // Outside the writer's lock: the next change commits while this head is signed; the head waits for nobody
        // else's commit, and one written after this commit covers it (see AuditHead.Write).
        _head.Write(seq, () => LastAudit(null));
        return result;
    }

    // One writer at a time per store file in this process. SQLite alone would also serialize them, but a connection
    // that finds the file locked sleeps in its busy handler in coarse steps (up to 100 ms) however soon the lock frees:
    // under a host's concurrent jobs that was most of a small job's latency. Other processes still meet the busy handler.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lock> Writers = new(StringComparer.Ordinal);

    private static Lock WriterOf(string path) => Writers.GetOrAdd(path, static _ => new Lock());

    /// <inheritdoc />
    public IJobSignals? OpenSignals() => StoreReader.Open(_path, _pooled);

    /// <inheritdoc />
    public void Record(string actor, string action, string subject, object detail) =>
        Change(actor, action, subject, detail, _ => 0);

    // ---- datasets ----

    private void PutDataset(SqliteTransaction tx, DatasetRecord d) => Execute(_connection, tx,
        """
        INSERT INTO datasets(name, provider, subject, sha256, path, rows, columns_json, imported_at)
        VALUES ($name, $provider, $subject, $sha, $path, $rows, $cols, $at)
        ON CONFLICT(name) DO UPDATE SET provider=excluded.provider, subject=excluded.subject, sha256=excluded.sha256,
          path=excluded.path, rows=excluded.rows, columns_json=excluded.columns_json, imported_at=excluded.imported_at
        """,
        ("$name", d.Name), ("$provider", d.Provider), ("$subject", d.Subject), ("$sha", d.Sha256), ("$path", d.Path),
        ("$rows", d.Rows), ("$cols", JsonSerializer.Serialize([.. d.Columns], StoreJson.Rows.ListDatasetColumn)), ("$at", Time(d.ImportedAt)));

    private bool PutDatasetVersion(SqliteTransaction tx, DatasetRecord d, DatasetRecord? previous, string importer, out string? current)
    {
        // Another import of the same name committed while this one was reading: refused, never silently replaced.
        current = Query("SELECT sha256 FROM datasets WHERE name=$n", r => r.GetString(0), tx, ("$n", d.Name)).SingleOrDefault();
        if (current != previous?.Sha256) return false;
        var last = Query("SELECT coalesce(max(version), 0) FROM dataset_versions WHERE name=$n", r => r.GetInt64(0), tx, ("$n", d.Name)).Single();
        if (last == 0 && previous is not null) InsertVersion(tx, previous, ++last, null);
        InsertVersion(tx, d, last + 1, importer);
        PutDataset(tx, d);
        return true;
    }

    private void InsertVersion(SqliteTransaction tx, DatasetRecord d, long version, string? importer) => Execute(_connection, tx,
        """
        INSERT INTO dataset_versions(name, version, sha256, path, rows, imported_at, imported_by)
        VALUES ($name, $version, $sha, $path, $rows, $at, $by)
        """,
        ("$name", d.Name), ("$version", version), ("$sha", d.Sha256), ("$path", d.Path), ("$rows", d.Rows),
        ("$at", Time(d.ImportedAt)), ("$by", importer));

    /// <summary>Every version of dataset <paramref name="name"/>, oldest first; a dataset imported before history was kept has one.</summary>
    public IReadOnlyList<DatasetVersion> ListDatasetVersions(string name)
    {
        var versions = Query("SELECT version, sha256, rows, imported_at, imported_by FROM dataset_versions WHERE name=$n ORDER BY version",
            r => new DatasetVersion(r.GetInt64(0), r.GetString(1), r.GetInt64(2), ParseTime(r.GetString(3)), Nullable(r, 4)), ("$n", name));
        if (versions.Count > 0 || FindDataset(name) is not { } current) return versions;
        return [new DatasetVersion(1, current.Sha256, current.Rows, current.ImportedAt, null)];
    }

    /// <summary>A dataset with the bureau's classification overrides applied to its columns, or null.</summary>
    public DatasetRecord? FindDataset(string name) =>
        Query("SELECT name, provider, subject, sha256, path, rows, columns_json, imported_at FROM datasets WHERE name=$n", ReadDataset, ("$n", name))
            .Select(WithOverrides).FirstOrDefault();

    /// <summary>Every dataset, each with its classification overrides applied.</summary>
    public IReadOnlyList<DatasetRecord> ListDatasets() =>
        [.. Query("SELECT name, provider, subject, sha256, path, rows, columns_json, imported_at FROM datasets ORDER BY name", ReadDataset).Select(WithOverrides)];

    private static DatasetRecord ReadDataset(SqliteDataReader r) => new(
        r.GetString(0), Nullable(r, 1), Nullable(r, 2), r.GetString(3), r.GetString(4), r.GetInt64(5),
        JsonSerializer.Deserialize(r.GetString(6), StoreJson.Rows.ListDatasetColumn)!, ParseTime(r.GetString(7)));

    // ---- grants and principals ----

    private void PutGrant(SqliteTransaction tx, GrantRecord g) => Execute(_connection, tx,
        """
        INSERT INTO grants(id, state, grant_json, source_file, sha256, applied_at) VALUES ($id, $state, $json, $src, $sha, $at)
        ON CONFLICT(id) DO UPDATE SET grant_json=excluded.grant_json, source_file=excluded.source_file,
          sha256=excluded.sha256, applied_at=excluded.applied_at
        """,
        ("$id", g.Id), ("$state", StoreNames.Of(g.State)), ("$json", JsonSerializer.Serialize(g.Grant, StoreJson.Documents.Grant)), ("$src", g.SourceFile), ("$sha", g.Sha256), ("$at", Time(g.AppliedAt)));

    private void SetGrantState(SqliteTransaction tx, string id, GrantState state) =>
        Execute(_connection, tx, "UPDATE grants SET state=$s WHERE id=$id", ("$s", StoreNames.Of(state)), ("$id", id));

    public GrantRecord? FindGrant(string id) =>
        Query("SELECT id, state, grant_json, source_file, sha256, applied_at FROM grants WHERE id=$id", ReadGrant, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<GrantRecord> ListGrants() =>
        Query("SELECT id, state, grant_json, source_file, sha256, applied_at FROM grants ORDER BY id", ReadGrant);

    private static GrantRecord ReadGrant(SqliteDataReader r) =>
        new(r.GetString(0), StoreNames.Grant(r.GetString(1)), JsonSerializer.Deserialize(r.GetString(2), StoreJson.Documents.Grant)!, r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)));

    private void ReplacePrincipals(SqliteTransaction tx, IEnumerable<Principal> principals)
    {
        Execute(_connection, tx, "DELETE FROM principals");
        foreach (var principal in principals)
        {
            Execute(_connection, tx, "INSERT INTO principals(id, json) VALUES ($id, $json)",
                ("$id", principal.Id), ("$json", JsonSerializer.Serialize(principal, StoreJson.Documents.Principal)));
        }
    }

    public IReadOnlyList<Principal> ListPrincipals() =>
        Query("SELECT json FROM principals ORDER BY id", ReadPrincipal);

    public Principal? FindPrincipal(string id) =>
        Query("SELECT json FROM principals WHERE id=$id", ReadPrincipal, ("$id", id)).FirstOrDefault();

    private static Principal ReadPrincipal(SqliteDataReader r) => JsonSerializer.Deserialize(r.GetString(0), StoreJson.Documents.Principal)!;

    // ---- jobs ----

    private void PutJob(SqliteTransaction tx, JobRecord j) => Execute(_connection, tx,
        """
        INSERT INTO jobs(id, grant_id, kind, spec_json, state, exit_code, reason, backend, submitted_by, created_at, finished_at, outputs_json)
        VALUES ($id, $grant, $kind, $spec, $state, $exit, $reason, $backend, $by, $created, $finished, $outputs)
        ON CONFLICT(id) DO UPDATE SET state=excluded.state, exit_code=excluded.exit_code, reason=excluded.reason,
          finished_at=excluded.finished_at, outputs_json=excluded.outputs_json
        """,
        ("$id", j.Id), ("$grant", j.GrantId), ("$kind", j.Kind), ("$spec", JsonSerializer.Serialize(j.Spec, StoreJson.Documents.JobSpec)), ("$state", StoreNames.Of(j.State)),
        ("$exit", j.ExitCode), ("$reason", j.Reason), ("$backend", j.Backend), ("$by", j.SubmittedBy),
        ("$created", Time(j.CreatedAt)), ("$finished", j.FinishedAt is { } f ? Time(f) : null),
        ("$outputs", JsonSerializer.Serialize([.. j.Outputs], StoreJson.Rows.ListJobOutput)));

    public JobRecord? FindJob(string id) => Query(JobSelect + " WHERE id=$id", ReadJob, ("$id", id)).FirstOrDefault();

    /// <inheritdoc />
    public JobState? FindJobState(string id) =>
        Query("SELECT state FROM jobs WHERE id=$id", r => (JobState?)StoreNames.Job(r.GetString(0)), ("$id", id)).FirstOrDefault();

    /// <summary>Records which host process runs a job (pid and start time), for reconciliation after a crash.</summary>
    private void PutJobOwner(SqliteTransaction tx, string jobId, int pid, string started) => Execute(_connection, tx,
        "INSERT INTO job_owners(job_id, pid, started) VALUES ($id, $pid, $started) ON CONFLICT(job_id) DO UPDATE SET pid=excluded.pid, started=excluded.started",
        ("$id", jobId), ("$pid", pid), ("$started", started));

    /// <summary>
    /// Takes a queued job for this process: true when no process owned it (one insert, so two workers never both win).
    /// </summary>
    public bool TryClaimJob(string jobId, int pid, string started)
    {
        lock (WriterOf(_path))
        {
            return Execute(_connection, null,
                "INSERT INTO job_owners(job_id, pid, started) SELECT $id, $pid, $started WHERE EXISTS (SELECT 1 FROM jobs WHERE id=$id AND state=$queued) ON CONFLICT(job_id) DO NOTHING",
                ("$id", jobId), ("$pid", pid), ("$started", started), ("$queued", StoreNames.Of(JobState.Queued))) == 1;
        }
    }

    /// <summary>Gives a job back to the queue: its owner (a worker that died before running it) is forgotten.</summary>
    private void ReleaseJobOwner(SqliteTransaction tx, string jobId) =>
        Execute(_connection, tx, "DELETE FROM job_owners WHERE job_id=$id", ("$id", jobId));

    /// <summary>The jobs not yet ended, each with the process that runs it (null for jobs recorded before owners were).</summary>
    public IReadOnlyList<(JobRecord Job, int? Pid, string? Started)> ListActiveJobs() => Query(
        JobSelect.Replace(" FROM jobs", ", o.pid, o.started FROM jobs LEFT JOIN job_owners o ON o.job_id = jobs.id", StringComparison.Ordinal)
            + $" WHERE state IN ({StoreNames.InList(JobStates.Active)}) ORDER BY created_at, id",
        r => (ReadJob(r), r.IsDBNull(12) ? (int?)null : r.GetInt32(12), Nullable(r, 13)));

    /// <summary>Records that <paramref name="by"/> asked to cancel a job; the process running it sees the request and stops it.</summary>
    private void PutJobCancellation(SqliteTransaction tx, string jobId, string by) => Execute(_connection, tx,
        "INSERT INTO job_cancellations(job_id, requested_by, requested_at) VALUES ($id, $by, $at) ON CONFLICT(job_id) DO NOTHING",
        ("$id", jobId), ("$by", by), ("$at", Time(_time.GetUtcNow())));

    public IReadOnlyList<JobRecord> ListJobs() => Query(JobSelect + " ORDER BY created_at, id", ReadJob);

    private const string JobSelect =
        "SELECT id, grant_id, kind, spec_json, state, exit_code, reason, backend, submitted_by, created_at, finished_at, outputs_json FROM jobs";

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize(r.GetString(3), StoreJson.Documents.JobSpec)!, StoreNames.Job(r.GetString(4)),
        r.IsDBNull(5) ? null : r.GetInt32(5), Nullable(r, 6), r.GetString(7), r.GetString(8), ParseTime(r.GetString(9)),
        r.IsDBNull(10) ? null : ParseTime(r.GetString(10)), JsonSerializer.Deserialize(r.GetString(11), StoreJson.Rows.ListJobOutput)!);

    // ---- exports and reviews ----

    private void PutExport(SqliteTransaction tx, ExportRecord e) => Execute(_connection, tx,
        """
        INSERT INTO exports(id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path)
        VALUES ($id, $job, $output, $path, $sha, $by, $at, $state, $report, $release, $bundle)
        ON CONFLICT(id) DO UPDATE SET state=excluded.state, report_json=excluded.report_json,
          release_id=excluded.release_id, bundle_path=excluded.bundle_path
        """,
        ("$id", e.Id), ("$job", e.JobId), ("$output", e.Output), ("$path", e.Path), ("$sha", e.Sha256), ("$by", e.RequestedBy),
        ("$at", Time(e.RequestedAt)), ("$state", StoreNames.Of(e.State)), ("$report", JsonSerializer.Serialize(e.Document, StoreJson.Documents.ExportDocument)), ("$release", e.ReleaseId), ("$bundle", e.BundlePath));

    private const string ExportSelect =
        "SELECT id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path, frozen_reason FROM exports";

    public ExportRecord? FindExport(string id) => Query(ExportSelect + " WHERE id=$id", ReadExport, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<ExportRecord> ListExports() => Query(ExportSelect + " ORDER BY requested_at, id", ReadExport);

    private static ExportRecord ReadExport(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            ParseTime(r.GetString(6)), StoreNames.Export(r.GetString(7)), ReadDocument(r.GetString(8), ParseTime(r.GetString(6))), Nullable(r, 9), Nullable(r, 10))
        { FrozenReason = Nullable(r, 11) };

    /// <summary>An export's stored document; records written before the document existed hold the bare report.</summary>
    private static ExportDocument ReadDocument(string json, DateTimeOffset requestedAt)
    {
        using (var parsed = JsonDocument.Parse(json))
        {
            if (parsed.RootElement.TryGetProperty("report", out _)) return JsonSerializer.Deserialize(json, StoreJson.Documents.ExportDocument)!;
        }

        var report = JsonSerializer.Deserialize(json, StoreJson.Documents.CheckReport)!;
        return new ExportDocument(report, "", null, null, null, 1, requestedAt, false);
    }

    private void AddReview(SqliteTransaction tx, ReviewRow v) => Execute(_connection, tx,
        "INSERT INTO reviews(export_id, principal, stage, action, note, at) VALUES ($e, $p, $s, $a, $n, $at)",
        ("$e", v.ExportId), ("$p", v.Principal), ("$s", v.Stage), ("$a", v.Action), ("$n", v.Note), ("$at", Time(v.At)));

    public IReadOnlyList<ReviewRow> ReviewsOf(string exportId) =>
        Query("SELECT export_id, principal, stage, action, note, at FROM reviews WHERE export_id=$e ORDER BY rowid",
            r => new ReviewRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5))), ("$e", exportId));

    /// <inheritdoc />
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <inheritdoc />
    public void Dispose()
    {
        _connection.Dispose();
        _head.Dispose();
    }

    // ---- plumbing ----

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? Nullable(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Runs one statement; returns how many rows it changed.</summary>
    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
