using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>Subject-set fingerprints of the cells of every export requested under a grant (differencing, issue 12).</summary>
internal sealed partial class ControlStore
{
    // Created on first use, so homes made before it need no migration.
    private const string FingerprintsTable = """
        CREATE TABLE IF NOT EXISTS subject_fingerprints(
          grant_id TEXT NOT NULL, export_id TEXT NOT NULL, row_number INTEGER NOT NULL, column_name TEXT NOT NULL,
          subject TEXT NOT NULL, subjects INTEGER NOT NULL, sketch BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS subject_fingerprints_by_grant ON subject_fingerprints(grant_id, subject, subjects);
        """;

    /// <summary>Every fingerprint kept for grant <paramref name="grantId"/>, in the order the exports were requested.</summary>
    public IReadOnlyList<CellFingerprint> FingerprintsOf(string grantId)
    {
        Execute(_connection, null, FingerprintsTable);
        return Query("SELECT export_id, row_number, column_name, subject, subjects, sketch FROM subject_fingerprints WHERE grant_id=$g ORDER BY rowid",
            r => new CellFingerprint(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt64(4), (byte[])r.GetValue(5)),
            ("$g", grantId));
    }

    /// <summary>Keeps the fingerprints of one export's cells under its grant.</summary>
    private void AddFingerprints(SqliteTransaction tx, string grantId, IReadOnlyList<CellFingerprint> fingerprints)
    {
        Execute(_connection, tx, FingerprintsTable);
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO subject_fingerprints(grant_id, export_id, row_number, column_name, subject, subjects, sketch)
            VALUES ($g, $e, $r, $c, $s, $n, $k)
            """;
        var parameters = new[] { "$g", "$e", "$r", "$c", "$s", "$n", "$k" }.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        parameters[0].Value = grantId;
        foreach (var f in fingerprints)
        {
            parameters[1].Value = f.ExportId;
            parameters[2].Value = f.Row;
            parameters[3].Value = f.Column;
            parameters[4].Value = f.Subject;
            parameters[5].Value = f.Subjects;
            parameters[6].Value = f.Sketch;
            command.ExecuteNonQuery();
        }
    }
}
