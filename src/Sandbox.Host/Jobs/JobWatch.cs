using Microsoft.Data.Sqlite;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Polls the store while a job is staged and run, and cancels the job when its grant is suspended or terminated or
/// someone asks to cancel it (<c>sandbox job cancel</c>) — also when another process made that change. Uses its own
/// connection: SQLite connections are not shared across threads.
/// </summary>
internal sealed class JobWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _cts;
    private readonly Task _loop;

    private JobWatch(string storePath, string jobId, string grantId, CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = Task.Run(() => WatchAsync(storePath, jobId, grantId));
    }

    /// <summary>Cancelled when the caller cancels, the grant stops, or the job's cancellation is requested.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Why the job was stopped from outside, or null.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>True when <see cref="StoppedBy"/> is a cancellation someone asked for (not a grant that stopped).</summary>
    public bool Cancelled { get; private set; }

    public static JobWatch Start(string storePath, string jobId, string grantId, CancellationToken outer) => new(storePath, jobId, grantId, outer);

    private async Task WatchAsync(string storePath, string jobId, string grantId)
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
                                     WHERE subject = g.id AND action IN ('grant.suspend', 'grant.terminate') ORDER BY seq DESC LIMIT 1),
                           (SELECT requested_by FROM job_cancellations WHERE job_id = $job)
                    FROM grants g WHERE g.id = $grant
                    """;
                command.Parameters.AddWithValue("$grant", grantId);
                command.Parameters.AddWithValue("$job", jobId);
                using var reader = command.ExecuteReader();
                if (reader.Read())
                {
                    if (!reader.IsDBNull(2))
                    {
                        StoppedBy = $"cancelled by {reader.GetString(2)} (`sandbox job cancel`)";
                        Cancelled = true;
                    }
                    else if (StoreNames.Grant(reader.GetString(0)) is GrantState.Suspended or GrantState.Terminated)
                    {
                        var reason = reader.IsDBNull(1) ? "" : $": {reader.GetString(1)}";
                        StoppedBy = $"grant {grantId} was {reader.GetString(0)} while the job ran{reason}";
                    }
                    if (StoppedBy is not null)
                    {
                        await _cts.CancelAsync().ConfigureAwait(false);
                        return;
                    }
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
