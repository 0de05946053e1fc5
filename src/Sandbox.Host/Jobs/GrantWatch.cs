using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Polls the grant's state while a job runs and cancels the job when the grant is suspended or terminated —
/// also when another process (`sandbox grant suspend`) changed it. Uses its own connection: SQLite
/// connections are not shared across threads.
/// </summary>
internal sealed class GrantWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _cts;
    private readonly Task _loop;

    private GrantWatch(string storePath, string grantId, CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = Task.Run(() => WatchAsync(storePath, grantId));
    }

    /// <summary>Cancelled when the caller cancels or the grant stops.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Why the grant stopped the job, or null.</summary>
    public string? StoppedBy { get; private set; }

    public static GrantWatch Start(string storePath, string grantId, CancellationToken outer) => new(storePath, grantId, outer);

    private async Task WatchAsync(string storePath, string grantId)
    {
        // The first look comes after one interval: admission has just checked the grant, and a short job ends
        // before then without a second connection to the store competing with it.
        try { await Task.Delay(Interval, _cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        while (!_cts.IsCancellationRequested)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT g.state, (SELECT json_extract(detail, '$.reason') FROM audit
                                     WHERE subject = g.id AND action IN ('grant.suspend', 'grant.terminate') ORDER BY seq DESC LIMIT 1)
                    FROM grants g WHERE g.id = $id
                    """;
                command.Parameters.AddWithValue("$id", grantId);
                using var reader = command.ExecuteReader();
                if (reader.Read() && reader.GetString(0) is "suspended" or "terminated")
                {
                    var reason = reader.IsDBNull(1) ? "" : $": {reader.GetString(1)}";
                    StoppedBy = $"grant {grantId} was {reader.GetString(0)} while the job ran{reason}";
                    await _cts.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            try { await Task.Delay(Interval, _cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        try { _loop.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { }
        _cts.Dispose();
    }
}
