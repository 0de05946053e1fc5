namespace Sandbox.Host.Store;

/// <summary>The control store's tables; created if missing when a store is opened whose file is not at <see cref="Version"/>.</summary>
internal static class Schema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS datasets(
          name TEXT PRIMARY KEY, provider TEXT, subject TEXT, sha256 TEXT NOT NULL, path TEXT NOT NULL,
          rows INTEGER NOT NULL, columns_json TEXT NOT NULL, imported_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS dataset_versions(
          name TEXT NOT NULL, version INTEGER NOT NULL, sha256 TEXT NOT NULL, path TEXT NOT NULL, rows INTEGER NOT NULL,
          imported_at TEXT NOT NULL, imported_by TEXT, PRIMARY KEY(name, version));
        CREATE TABLE IF NOT EXISTS column_classifications(
          dataset TEXT NOT NULL, column_name TEXT NOT NULL, entity TEXT, level INTEGER NOT NULL, reason TEXT NOT NULL,
          classified_by TEXT NOT NULL, classified_at TEXT NOT NULL, PRIMARY KEY(dataset, column_name));
        CREATE TABLE IF NOT EXISTS grants(
          id TEXT PRIMARY KEY, state TEXT NOT NULL, grant_json TEXT NOT NULL, source_file TEXT NOT NULL,
          sha256 TEXT NOT NULL, applied_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS principals(id TEXT PRIMARY KEY, json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS jobs(
          id TEXT PRIMARY KEY, grant_id TEXT NOT NULL, kind TEXT NOT NULL, spec_json TEXT NOT NULL, state TEXT NOT NULL,
          exit_code INTEGER, reason TEXT, backend TEXT NOT NULL, submitted_by TEXT NOT NULL, created_at TEXT NOT NULL,
          finished_at TEXT, outputs_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS job_owners(
          job_id TEXT PRIMARY KEY REFERENCES jobs(id), pid INTEGER NOT NULL, started TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS job_cancellations(
          job_id TEXT PRIMARY KEY REFERENCES jobs(id), requested_by TEXT NOT NULL, requested_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS exports(
          id TEXT PRIMARY KEY, job_id TEXT NOT NULL REFERENCES jobs(id), output TEXT NOT NULL, path TEXT NOT NULL,
          sha256 TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL, state TEXT NOT NULL,
          report_json TEXT NOT NULL, release_id TEXT, bundle_path TEXT);
        CREATE TABLE IF NOT EXISTS reviews(
          export_id TEXT NOT NULL REFERENCES exports(id), principal TEXT NOT NULL, stage TEXT NOT NULL,
          action TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS audit(
          seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL,
          detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS grant_lifecycle(grant_id TEXT PRIMARY KEY, publicized_on TEXT, agreement_json TEXT);
        CREATE TABLE IF NOT EXISTS grant_evaluations(
          grant_id TEXT NOT NULL, year INTEGER NOT NULL, rating TEXT NOT NULL, note TEXT NOT NULL, by TEXT NOT NULL,
          at TEXT NOT NULL, PRIMARY KEY(grant_id, year));
        CREATE TABLE IF NOT EXISTS policy_documents(kind TEXT PRIMARY KEY, json TEXT NOT NULL, source_file TEXT NOT NULL, sha256 TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS training(
          principal TEXT NOT NULL, course TEXT NOT NULL, completed_on TEXT NOT NULL, valid_until TEXT NOT NULL,
          recorded_by TEXT NOT NULL, PRIMARY KEY(principal, course, completed_on));
        CREATE TABLE IF NOT EXISTS data_requests(
          id TEXT PRIMARY KEY, grant_id TEXT NOT NULL, dataset TEXT NOT NULL, justification TEXT NOT NULL,
          filed_by TEXT NOT NULL, filed_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS data_request_columns(
          request_id TEXT NOT NULL REFERENCES data_requests(id), column_name TEXT NOT NULL, decision TEXT NOT NULL,
          note TEXT, decided_by TEXT, decided_at TEXT, PRIMARY KEY(request_id, column_name));
        CREATE TABLE IF NOT EXISTS alerts(
          id TEXT PRIMARY KEY, rule TEXT NOT NULL, actor TEXT NOT NULL, fingerprint TEXT NOT NULL UNIQUE,
          evidence_json TEXT NOT NULL, recommendation TEXT NOT NULL, message TEXT NOT NULL, raised_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alert_acks(
          alert_id TEXT PRIMARY KEY REFERENCES alerts(id), by TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS quality_reports(
          id TEXT PRIMARY KEY, dataset TEXT NOT NULL, column_name TEXT, problem TEXT NOT NULL, filed_by TEXT NOT NULL,
          filed_at TEXT NOT NULL, state TEXT NOT NULL, provider TEXT, deadline TEXT, forwarded_by TEXT,
          resolution TEXT, resolved_by TEXT, resolved_at TEXT);
        CREATE TABLE IF NOT EXISTS job_usage(
          job_id TEXT PRIMARY KEY REFERENCES jobs(id), attribution TEXT NOT NULL, wall_ms INTEGER NOT NULL, cpu_ms INTEGER,
          peak_memory_bytes INTEGER, read_bytes INTEGER, written_bytes INTEGER);
        CREATE TABLE IF NOT EXISTS images(name TEXT PRIMARY KEY, id TEXT NOT NULL, recipe TEXT NOT NULL, recorded_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS job_reads(job_id TEXT PRIMARY KEY REFERENCES jobs(id), json TEXT NOT NULL);
        """;

    /// <summary>Columns added to tables of older homes, as (table, column, definition).</summary>
    public static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        // Set while the grant of the export's job is suspended, terminated or expired: the export may not move on.
        ("exports", "frozen_reason", "TEXT"),
    ];

    /// <summary>
    /// This schema's mark, kept in the file's <c>user_version</c> once its tables and columns exist: a hash of their
    /// definitions (never 0, a new file's), so any change to them is applied at the next open.
    /// </summary>
    public static readonly int Version = VersionOf(Sql + string.Concat(AddedColumns.Select(c => $"\n{c.Table}.{c.Column} {c.Definition}")));

    private static int VersionOf(string definitions)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(definitions));
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(hash) & int.MaxValue) | 1;
    }
}
