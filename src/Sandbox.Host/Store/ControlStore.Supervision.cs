using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>Data requests (seed §7), security alerts and data-quality reports (seed §12–13).</summary>
internal sealed partial class ControlStore
{
    // ---- data requests ----

    /// <summary>How many data requests were ever filed (the next id follows from it).</summary>
    public long CountDataRequests() => Query("SELECT count(*) FROM data_requests", r => r.GetInt64(0)).Single();

    private void AddDataRequest(SqliteTransaction tx, DataRequest request)
    {
        Execute(_connection, tx,
            "INSERT INTO data_requests(id, grant_id, dataset, justification, filed_by, filed_at) VALUES ($id, $g, $d, $j, $b, $at)",
            ("$id", request.Id), ("$g", request.GrantId), ("$d", request.Dataset), ("$j", request.Justification),
            ("$b", request.FiledBy), ("$at", Time(request.FiledAt)));
        foreach (var column in request.Columns)
        {
            Execute(_connection, tx, "INSERT INTO data_request_columns(request_id, column_name, decision) VALUES ($id, $c, $d)",
                ("$id", request.Id), ("$c", column.Column), ("$d", column.Decision));
        }
    }

    private void DecideRequestedColumn(SqliteTransaction tx, string requestId, string column, string decision, string note, string by) =>
        Execute(_connection, tx,
            "UPDATE data_request_columns SET decision=$d, note=$n, decided_by=$b, decided_at=$at WHERE request_id=$id AND column_name=$c",
            ("$d", decision), ("$n", note), ("$b", by), ("$at", Time(_time.GetUtcNow())), ("$id", requestId), ("$c", column));

    public DataRequest? FindDataRequest(string id) => ListDataRequests().FirstOrDefault(r => r.Id == id);

    public IReadOnlyList<DataRequest> ListDataRequests()
    {
        var columns = Query(
            "SELECT request_id, column_name, decision, note, decided_by, decided_at FROM data_request_columns ORDER BY rowid",
            r => (Request: r.GetString(0), Column: new RequestedColumn(r.GetString(1), r.GetString(2), Nullable(r, 3), Nullable(r, 4),
                r.IsDBNull(5) ? null : ParseTime(r.GetString(5)))))
            .ToLookup(c => c.Request, c => c.Column);
        return Query("SELECT id, grant_id, dataset, justification, filed_by, filed_at FROM data_requests ORDER BY filed_at, id",
            r => new DataRequest(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)),
                [.. columns[r.GetString(0)]]));
    }

    // ---- security alerts ----

    public IReadOnlyList<Alert> ListAlerts() =>
        Query("""
            SELECT a.id, a.rule, a.actor, a.fingerprint, a.evidence_json, a.recommendation, a.message, a.raised_at, k.by, k.note, k.at
            FROM alerts a LEFT JOIN alert_acks k ON k.alert_id = a.id ORDER BY a.raised_at, a.id
            """,
            r => new Alert(r.GetString(1), r.GetString(2), r.GetString(3), JsonSerializer.Deserialize(r.GetString(4), StoreJson.Rows.AlertEvidence)!,
                r.GetString(5), r.GetString(6))
            {
                Id = r.GetString(0),
                RaisedAt = ParseTime(r.GetString(7)),
                Acknowledged = r.IsDBNull(8) ? null : new AlertAcknowledgement(r.GetString(8), r.GetString(9), ParseTime(r.GetString(10))),
            });

    /// <summary>Records that <paramref name="ack"/>'s principal has dealt with alert <paramref name="alertId"/>; false when it was already.</summary>
    private bool AcknowledgeAlert(SqliteTransaction tx, string alertId, AlertAcknowledgement ack) =>
        Execute(_connection, tx, "INSERT INTO alert_acks(alert_id, by, note, at) VALUES ($id, $by, $note, $at) ON CONFLICT(alert_id) DO NOTHING",
            ("$id", alertId), ("$by", ack.By), ("$note", ack.Note), ("$at", Time(ack.At))) == 1;

    /// <summary>Stores <paramref name="alert"/> (with its id and time set) unless one with its fingerprint exists; true when stored.</summary>
    private bool AddAlert(SqliteTransaction tx, Alert alert)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO alerts(id, rule, actor, fingerprint, evidence_json, recommendation, message, raised_at)
            VALUES ($id, $rule, $actor, $f, $e, $rec, $m, $at) ON CONFLICT(fingerprint) DO NOTHING
            """;
        foreach (var (name, value) in new (string, object?)[]
        {
            ("$id", alert.Id), ("$rule", alert.Rule), ("$actor", alert.Actor), ("$f", alert.Fingerprint),
            ("$e", JsonSerializer.Serialize(alert.Evidence, StoreJson.Rows.AlertEvidence)), ("$rec", alert.Recommendation), ("$m", alert.Message),
            ("$at", Time(alert.RaisedAt ?? _time.GetUtcNow())),
        })
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery() == 1;
    }

    // ---- data-quality reports ----

    public long CountQualityReports() => Query("SELECT count(*) FROM quality_reports", r => r.GetInt64(0)).Single();

    private void PutQualityReport(SqliteTransaction tx, QualityReport q) => Execute(_connection, tx,
        """
        INSERT INTO quality_reports(id, dataset, column_name, problem, filed_by, filed_at, state, provider, deadline, forwarded_by,
          resolution, resolved_by, resolved_at)
        VALUES ($id, $d, $c, $p, $fb, $fa, $s, $pr, $dl, $fw, $res, $rb, $ra)
        ON CONFLICT(id) DO UPDATE SET state=excluded.state, provider=excluded.provider, deadline=excluded.deadline,
          forwarded_by=excluded.forwarded_by, resolution=excluded.resolution, resolved_by=excluded.resolved_by, resolved_at=excluded.resolved_at
        """,
        ("$id", q.Id), ("$d", q.Dataset), ("$c", q.Column), ("$p", q.Problem), ("$fb", q.FiledBy), ("$fa", Time(q.FiledAt)), ("$s", q.State),
        ("$pr", q.Provider), ("$dl", q.Deadline is { } d ? Day(d) : null), ("$fw", q.ForwardedBy), ("$res", q.Resolution),
        ("$rb", q.ResolvedBy), ("$ra", q.ResolvedAt is { } t ? Time(t) : null));

    public IReadOnlyList<QualityReport> ListQualityReports() =>
        Query("""
            SELECT id, dataset, column_name, problem, filed_by, filed_at, state, provider, deadline, forwarded_by, resolution, resolved_by, resolved_at
            FROM quality_reports ORDER BY filed_at, id
            """,
            r => new QualityReport(r.GetString(0), r.GetString(1), Nullable(r, 2), r.GetString(3), r.GetString(4), ParseTime(r.GetString(5)), r.GetString(6))
            {
                Provider = Nullable(r, 7),
                Deadline = r.IsDBNull(8) ? null : Day(r.GetString(8)),
                ForwardedBy = Nullable(r, 9),
                Resolution = Nullable(r, 10),
                ResolvedBy = Nullable(r, 11),
                ResolvedAt = r.IsDBNull(12) ? null : ParseTime(r.GetString(12)),
            });
}
