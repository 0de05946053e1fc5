using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sandbox.Export.Review;
using Sandbox.Policy.Lifecycle;

namespace Sandbox.Host.Store;

/// <summary>Governance records: grant lifecycle facts, evaluations, policy documents, training, export freezing.</summary>
internal sealed partial class ControlStore
{
    // ---- grant lifecycle ----

    /// <inheritdoc />
    public (DateOnly? PublicizedOn, Agreement? Agreement) FindLifecycle(string grantId) =>
        Query("SELECT publicized_on, agreement_json FROM grant_lifecycle WHERE grant_id=$g",
            r => (r.IsDBNull(0) ? (DateOnly?)null : Day(r.GetString(0)),
                r.IsDBNull(1) ? null : JsonSerializer.Deserialize(r.GetString(1), StoreJson.Documents.Agreement)), ("$g", grantId))
        .FirstOrDefault();

    private void SetPublicized(SqliteTransaction tx, string grantId, DateOnly day) => Execute(_connection, tx,
        "INSERT INTO grant_lifecycle(grant_id, publicized_on) VALUES ($g, $d) ON CONFLICT(grant_id) DO UPDATE SET publicized_on=excluded.publicized_on",
        ("$g", grantId), ("$d", Day(day)));

    private void SetAgreement(SqliteTransaction tx, string grantId, Agreement agreement) => Execute(_connection, tx,
        "INSERT INTO grant_lifecycle(grant_id, agreement_json) VALUES ($g, $a) ON CONFLICT(grant_id) DO UPDATE SET agreement_json=excluded.agreement_json",
        ("$g", grantId), ("$a", JsonSerializer.Serialize(agreement, StoreJson.Documents.Agreement)));

    private void PutEvaluation(SqliteTransaction tx, string grantId, int year, string rating, string note, string by) => Execute(_connection, tx,
        """
        INSERT INTO grant_evaluations(grant_id, year, rating, note, by, at) VALUES ($g, $y, $r, $n, $b, $at)
        ON CONFLICT(grant_id, year) DO UPDATE SET rating=excluded.rating, note=excluded.note, by=excluded.by, at=excluded.at
        """,
        ("$g", grantId), ("$y", year), ("$r", rating), ("$n", note), ("$b", by), ("$at", Time(_time.GetUtcNow())));

    public IReadOnlyList<(int Year, string Rating, string Note, string By)> EvaluationsOf(string grantId) =>
        Query("SELECT year, rating, note, by FROM grant_evaluations WHERE grant_id=$g ORDER BY year",
            r => (r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3)), ("$g", grantId));

    // ---- policy documents other than grants and principals (calendar) ----

    private void PutPolicyDocument(SqliteTransaction tx, string kind, string json, string sourceFile, string sha256) => Execute(_connection, tx,
        """
        INSERT INTO policy_documents(kind, json, source_file, sha256) VALUES ($k, $j, $s, $h)
        ON CONFLICT(kind) DO UPDATE SET json=excluded.json, source_file=excluded.source_file, sha256=excluded.sha256
        """,
        ("$k", kind), ("$j", json), ("$s", sourceFile), ("$h", sha256));

    public string? FindPolicyDocument(string kind) =>
        Query("SELECT json FROM policy_documents WHERE kind=$k", r => r.GetString(0), ("$k", kind)).FirstOrDefault();

    // ---- training ----

    private void PutTraining(SqliteTransaction tx, string principal, string course, DateOnly completed, DateOnly validUntil, string recordedBy) =>
        Execute(_connection, tx,
            """
            INSERT INTO training(principal, course, completed_on, valid_until, recorded_by) VALUES ($p, $c, $d, $v, $b)
            ON CONFLICT(principal, course, completed_on) DO UPDATE SET valid_until=excluded.valid_until, recorded_by=excluded.recorded_by
            """,
            ("$p", principal), ("$c", course), ("$d", Day(completed)), ("$v", Day(validUntil)), ("$b", recordedBy));

    public IReadOnlyList<(string Principal, string Course, DateOnly Completed, DateOnly ValidUntil)> TrainingOf(string? principal) =>
        Query("SELECT principal, course, completed_on, valid_until FROM training WHERE $p IS NULL OR principal=$p ORDER BY principal, completed_on",
            r => (r.GetString(0), r.GetString(1), Day(r.GetString(2)), Day(r.GetString(3))), ("$p", principal));

    // ---- exports of a stopped grant ----

    /// <summary>Freezes the grant's exports that are still under way (not released, rejected or withdrawn); returns their ids.</summary>
    private IReadOnlyList<string> FreezeExports(SqliteTransaction tx, string grantId, string reason)
    {
        var ids = Query(
            $"""
            SELECT e.id FROM exports e JOIN jobs j ON j.id = e.job_id
            WHERE j.grant_id=$g AND e.frozen_reason IS NULL AND e.state NOT IN ({StoreNames.InList(ExportStates.Final)})
            ORDER BY e.id
            """, r => r.GetString(0), tx, ("$g", grantId));
        foreach (var id in ids)
        {
            Execute(_connection, tx, "UPDATE exports SET frozen_reason=$r WHERE id=$id", ("$r", reason), ("$id", id));
        }

        return ids;
    }

    /// <summary>Thaws the grant's frozen exports; returns their ids.</summary>
    private IReadOnlyList<string> ThawExports(SqliteTransaction tx, string grantId)
    {
        var ids = Query(
            "SELECT e.id FROM exports e JOIN jobs j ON j.id = e.job_id WHERE j.grant_id=$g AND e.frozen_reason IS NOT NULL ORDER BY e.id",
            r => r.GetString(0), tx, ("$g", grantId));
        foreach (var id in ids)
        {
            Execute(_connection, tx, "UPDATE exports SET frozen_reason=NULL WHERE id=$id", ("$id", id));
        }

        return ids;
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
