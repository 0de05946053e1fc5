using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using Sandbox.Contracts;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Principals;
using Sandbox.Host.Audit;
using Sandbox.Host.Home;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Store;

/// <summary>
/// The control plane (catalog, grants, principals, jobs, exports, reviews, audit log) in SQLite, WAL mode.
/// Every change runs in one transaction together with its audit entry, so a crash leaves neither half.
/// </summary>
public sealed partial class ControlStore : IDisposable
{
    // Audit details and stored JSON: states and roles by their contract names, other enums by name.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            new VocabularyJsonConverter<JobState>(JobStates.Vocabulary),
            new VocabularyJsonConverter<GrantState>(GrantStates.Vocabulary),
            new VocabularyJsonConverter<Role>(Roles.Vocabulary),
            new JsonStringEnumConverter(),
        },
    };
    private readonly SqliteConnection _connection;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;

    private ControlStore(SqliteConnection connection, AuditLog audit, TimeProvider time)
    {
        _connection = connection;
        _audit = audit;
        _time = time;
    }

    /// <summary>The audit log kept in this store.</summary>
    public AuditLog Audit => _audit;

    /// <summary>Opens (and on first use creates) the store at <paramref name="path"/>.</summary>
    public static ControlStore Open(string path, AuditLog audit, TimeProvider time)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;");
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
        return new ControlStore(connection, audit, time);
    }

    /// <summary>Runs <paramref name="work"/> and appends one audit entry, atomically.</summary>
    public T Change<T>(string actor, string action, string subject, object detail, Func<SqliteTransaction, T> work)
    {
        using var tx = _connection.BeginTransaction();
        var result = work(tx);
        _audit.Append(tx, _time.GetUtcNow(), actor, action, subject, JsonSerializer.Serialize(detail, Json));
        tx.Commit();
        _audit.CommitHead(_connection);
        return result;
    }

    /// <summary>Appends an audit entry with no other change.</summary>
    public void Record(string actor, string action, string subject, object detail) =>
        Change(actor, action, subject, detail, _ => 0);

    // ---- datasets ----

    public void PutDataset(SqliteTransaction tx, DatasetRecord d) => Execute(_connection, tx,
        """
        INSERT INTO datasets(name, provider, subject, sha256, path, rows, columns_json, imported_at)
        VALUES ($name, $provider, $subject, $sha, $path, $rows, $cols, $at)
        ON CONFLICT(name) DO UPDATE SET provider=excluded.provider, subject=excluded.subject, sha256=excluded.sha256,
          path=excluded.path, rows=excluded.rows, columns_json=excluded.columns_json, imported_at=excluded.imported_at
        """,
        ("$name", d.Name), ("$provider", d.Provider), ("$subject", d.Subject), ("$sha", d.Sha256), ("$path", d.Path),
        ("$rows", d.Rows), ("$cols", JsonSerializer.Serialize(d.Columns, Json)), ("$at", Time(d.ImportedAt)));

    /// <summary>
    /// Makes <paramref name="d"/> the dataset's current version and appends it to its history; a home older than the
    /// history first records <paramref name="previous"/> (its importer unknown).
    /// </summary>
    public void PutDatasetVersion(SqliteTransaction tx, DatasetRecord d, DatasetRecord? previous, string importer)
    {
        // Another import of the same name committed while this one was reading: refused, never silently replaced.
        var current = Query("SELECT sha256 FROM datasets WHERE name=$n", r => r.GetString(0), tx, ("$n", d.Name)).SingleOrDefault();
        if (current != previous?.Sha256)
        {
            throw new InputException($"--name: dataset '{d.Name}' was imported by someone else meanwhile (version {current?[..12] ?? "none"}); nothing was imported");
        }
        var last = Query("SELECT coalesce(max(version), 0) FROM dataset_versions WHERE name=$n", r => r.GetInt64(0), tx, ("$n", d.Name)).Single();
        if (last == 0 && previous is not null) InsertVersion(tx, previous, ++last, null);
        InsertVersion(tx, d, last + 1, importer);
        PutDataset(tx, d);
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
        JsonSerializer.Deserialize<List<DatasetColumn>>(r.GetString(6), Json)!, ParseTime(r.GetString(7)));

    // ---- grants and principals ----

    public void PutGrant(SqliteTransaction tx, GrantRecord g) => Execute(_connection, tx,
        """
        INSERT INTO grants(id, state, grant_json, source_file, sha256, applied_at) VALUES ($id, $state, $json, $src, $sha, $at)
        ON CONFLICT(id) DO UPDATE SET grant_json=excluded.grant_json, source_file=excluded.source_file,
          sha256=excluded.sha256, applied_at=excluded.applied_at
        """,
        ("$id", g.Id), ("$state", StoreNames.Of(g.State)), ("$json", g.GrantJson), ("$src", g.SourceFile), ("$sha", g.Sha256), ("$at", Time(g.AppliedAt)));

    public void SetGrantState(SqliteTransaction tx, string id, GrantState state) =>
        Execute(_connection, tx, "UPDATE grants SET state=$s WHERE id=$id", ("$s", StoreNames.Of(state)), ("$id", id));

    public GrantRecord? FindGrant(string id) =>
        Query("SELECT id, state, grant_json, source_file, sha256, applied_at FROM grants WHERE id=$id", ReadGrant, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<GrantRecord> ListGrants() =>
        Query("SELECT id, state, grant_json, source_file, sha256, applied_at FROM grants ORDER BY id", ReadGrant);

    private static GrantRecord ReadGrant(SqliteDataReader r) =>
        new(r.GetString(0), StoreNames.Grant(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)));

    public void ReplacePrincipals(SqliteTransaction tx, IEnumerable<(string Id, string Json)> principals)
    {
        Execute(_connection, tx, "DELETE FROM principals");
        foreach (var (id, json) in principals)
        {
            Execute(_connection, tx, "INSERT INTO principals(id, json) VALUES ($id, $json)", ("$id", id), ("$json", json));
        }
    }

    public IReadOnlyList<(string Id, string Json)> ListPrincipalJson() =>
        Query("SELECT id, json FROM principals ORDER BY id", r => (r.GetString(0), r.GetString(1)));

    public string? FindPrincipalJson(string id) =>
        Query("SELECT json FROM principals WHERE id=$id", r => r.GetString(0), ("$id", id)).FirstOrDefault();

    // ---- jobs ----

    public void PutJob(SqliteTransaction tx, JobRecord j) => Execute(_connection, tx,
        """
        INSERT INTO jobs(id, grant_id, kind, spec_json, state, exit_code, reason, backend, submitted_by, created_at, finished_at, outputs_json)
        VALUES ($id, $grant, $kind, $spec, $state, $exit, $reason, $backend, $by, $created, $finished, $outputs)
        ON CONFLICT(id) DO UPDATE SET state=excluded.state, exit_code=excluded.exit_code, reason=excluded.reason,
          finished_at=excluded.finished_at, outputs_json=excluded.outputs_json
        """,
        ("$id", j.Id), ("$grant", j.GrantId), ("$kind", j.Kind), ("$spec", JsonSerializer.Serialize(j.Spec, Jsons.Options)), ("$state", StoreNames.Of(j.State)),
        ("$exit", j.ExitCode), ("$reason", j.Reason), ("$backend", j.Backend), ("$by", j.SubmittedBy),
        ("$created", Time(j.CreatedAt)), ("$finished", j.FinishedAt is { } f ? Time(f) : null),
        ("$outputs", JsonSerializer.Serialize(j.Outputs, Json)));

    public JobRecord? FindJob(string id) => Query(JobSelect + " WHERE id=$id", ReadJob, ("$id", id)).FirstOrDefault();

    /// <summary>Records which host process runs a job (pid and start time), for reconciliation after a crash.</summary>
    public void PutJobOwner(SqliteTransaction tx, string jobId, int pid, string started) => Execute(_connection, tx,
        "INSERT INTO job_owners(job_id, pid, started) VALUES ($id, $pid, $started) ON CONFLICT(job_id) DO UPDATE SET pid=excluded.pid, started=excluded.started",
        ("$id", jobId), ("$pid", pid), ("$started", started));

    /// <summary>
    /// Takes a queued job for this process: true when no process owned it (one insert, so two workers never both win).
    /// </summary>
    public bool TryClaimJob(string jobId, int pid, string started) =>
        Execute(_connection, null,
            "INSERT INTO job_owners(job_id, pid, started) SELECT $id, $pid, $started WHERE EXISTS (SELECT 1 FROM jobs WHERE id=$id AND state=$queued) ON CONFLICT(job_id) DO NOTHING",
            ("$id", jobId), ("$pid", pid), ("$started", started), ("$queued", StoreNames.Of(JobState.Queued))) == 1;

    /// <summary>Gives a job back to the queue: its owner (a worker that died before running it) is forgotten.</summary>
    public void ReleaseJobOwner(SqliteTransaction tx, string jobId) =>
        Execute(_connection, tx, "DELETE FROM job_owners WHERE job_id=$id", ("$id", jobId));

    /// <summary>The jobs not yet ended, each with the process that runs it (null for jobs recorded before owners were).</summary>
    public IReadOnlyList<(JobRecord Job, int? Pid, string? Started)> ListActiveJobs() => Query(
        JobSelect.Replace(" FROM jobs", ", o.pid, o.started FROM jobs LEFT JOIN job_owners o ON o.job_id = jobs.id", StringComparison.Ordinal)
            + $" WHERE state IN ({StoreNames.InList(JobStates.Active)}) ORDER BY created_at, id",
        r => (ReadJob(r), r.IsDBNull(12) ? (int?)null : r.GetInt32(12), Nullable(r, 13)));

    /// <summary>Records that <paramref name="by"/> asked to cancel a job; the process running it sees the request and stops it.</summary>
    public void PutJobCancellation(SqliteTransaction tx, string jobId, string by) => Execute(_connection, tx,
        "INSERT INTO job_cancellations(job_id, requested_by, requested_at) VALUES ($id, $by, $at) ON CONFLICT(job_id) DO NOTHING",
        ("$id", jobId), ("$by", by), ("$at", Time(_time.GetUtcNow())));

    public IReadOnlyList<JobRecord> ListJobs() => Query(JobSelect + " ORDER BY created_at, id", ReadJob);

    private const string JobSelect =
        "SELECT id, grant_id, kind, spec_json, state, exit_code, reason, backend, submitted_by, created_at, finished_at, outputs_json FROM jobs";

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<JobSpec>(r.GetString(3), Jsons.Options)!, StoreNames.Job(r.GetString(4)),
        r.IsDBNull(5) ? null : r.GetInt32(5), Nullable(r, 6), r.GetString(7), r.GetString(8), ParseTime(r.GetString(9)),
        r.IsDBNull(10) ? null : ParseTime(r.GetString(10)), JsonSerializer.Deserialize<List<JobOutput>>(r.GetString(11), Json)!);

    // ---- exports and reviews ----

    public void PutExport(SqliteTransaction tx, ExportRecord e) => Execute(_connection, tx,
        """
        INSERT INTO exports(id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path)
        VALUES ($id, $job, $output, $path, $sha, $by, $at, $state, $report, $release, $bundle)
        ON CONFLICT(id) DO UPDATE SET state=excluded.state, report_json=excluded.report_json,
          release_id=excluded.release_id, bundle_path=excluded.bundle_path
        """,
        ("$id", e.Id), ("$job", e.JobId), ("$output", e.Output), ("$path", e.Path), ("$sha", e.Sha256), ("$by", e.RequestedBy),
        ("$at", Time(e.RequestedAt)), ("$state", StoreNames.Of(e.State)), ("$report", e.ReportJson), ("$release", e.ReleaseId), ("$bundle", e.BundlePath));

    private const string ExportSelect =
        "SELECT id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path, frozen_reason FROM exports";

    public ExportRecord? FindExport(string id) => Query(ExportSelect + " WHERE id=$id", ReadExport, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<ExportRecord> ListExports() => Query(ExportSelect + " ORDER BY requested_at, id", ReadExport);

    private static ExportRecord ReadExport(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
            ParseTime(r.GetString(6)), StoreNames.Export(r.GetString(7)), r.GetString(8), Nullable(r, 9), Nullable(r, 10))
        { FrozenReason = Nullable(r, 11) };

    public void AddReview(SqliteTransaction tx, ReviewRow v) => Execute(_connection, tx,
        "INSERT INTO reviews(export_id, principal, stage, action, note, at) VALUES ($e, $p, $s, $a, $n, $at)",
        ("$e", v.ExportId), ("$p", v.Principal), ("$s", v.Stage), ("$a", v.Action), ("$n", v.Note), ("$at", Time(v.At)));

    public IReadOnlyList<ReviewRow> ReviewsOf(string exportId) =>
        Query("SELECT export_id, principal, stage, action, note, at FROM reviews WHERE export_id=$e ORDER BY rowid",
            r => new ReviewRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5))), ("$e", exportId));

    /// <summary>The current time of this store's clock.</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    internal SqliteConnection Connection => _connection;

    // ---- plumbing ----

    internal static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string? Nullable(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Runs one statement; returns how many rows it changed.</summary>
    internal static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
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
