using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>
/// A read-only look at a home's SQLite control store from another thread or process (SQLite connections are not
/// shared across threads): the questions a running job's watch asks. It never writes.
/// </summary>
internal sealed class StoreReader : IJobSignals
{
    private readonly SqliteConnection _connection;

    private StoreReader(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens the store at <paramref name="path"/> read-only (from the process's pool when <paramref name="pooled"/>); null when there is none yet.</summary>
    public static StoreReader? Open(string path, bool pooled)
    {
        if (!File.Exists(path)) return null;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = pooled }.ToString());
        connection.Open();
        return new StoreReader(connection);
    }

    /// <inheritdoc />
    public (Policy.Grants.GrantState GrantState, string? StopReason, string? CancelledBy)? JobStopSignal(string grantId, string jobId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT g.state, (SELECT json_extract(detail, '$.reason') FROM audit
                             WHERE subject = g.id AND action IN ($suspend, $terminate) ORDER BY seq DESC LIMIT 1),
                   (SELECT requested_by FROM job_cancellations WHERE job_id = $job)
            FROM grants g WHERE g.id = $grant
            """;
        command.Parameters.AddWithValue("$grant", grantId);
        command.Parameters.AddWithValue("$job", jobId);
        command.Parameters.AddWithValue("$suspend", Contracts.Audit.AuditActions.GrantSuspend);
        command.Parameters.AddWithValue("$terminate", Contracts.Audit.AuditActions.GrantTerminate);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (StoreNames.Grant(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))
            : null;
    }

    public void Dispose() => _connection.Dispose();
}
