using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Polls the store while a job is staged and run, and cancels the job when its grant is suspended or terminated or
/// someone asks to cancel it (<c>sandbox job cancel</c>) — also when another process made that change. Uses its own
/// read-only view of the store (<see cref="IControlStore.OpenSignals"/>): connections are not shared across threads.
/// </summary>
internal sealed class JobWatch : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly CancellationTokenSource _cts;
    private readonly Task _loop;

    private JobWatch(Func<IJobSignals?> open, string jobId, string grantId, CancellationToken outer)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _loop = Task.Run(() => WatchAsync(open, jobId, grantId));
    }

    /// <summary>Cancelled when the caller cancels, the grant stops, or the job's cancellation is requested.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Why the job was stopped from outside, or null.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>True when <see cref="StoppedBy"/> is a cancellation someone asked for (not a grant that stopped).</summary>
    public bool Cancelled { get; private set; }

    public static JobWatch Start(Func<IJobSignals?> open, string jobId, string grantId, CancellationToken outer) => new(open, jobId, grantId, outer);

    private async Task WatchAsync(Func<IJobSignals?> open, string jobId, string grantId)
    {
        // The first look comes after one interval: admission has just checked the grant, and a short job ends
        // before then without a second connection to the store competing with it.
        try { await Task.Delay(Interval, _cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        using var store = open();
        while (store is not null && !_cts.IsCancellationRequested)
        {
            if (store.JobStopSignal(grantId, jobId) is var (state, stopReason, cancelledBy))
            {
                if (cancelledBy is not null)
                {
                    StoppedBy = $"cancelled by {cancelledBy} (`sandbox job cancel`)";
                    Cancelled = true;
                }
                else if (state is GrantState.Suspended or GrantState.Terminated)
                {
                    StoppedBy = $"grant {grantId} was {state.Name()} while the job ran{(stopReason is null ? "" : $": {stopReason}")}";
                }
                if (StoppedBy is not null)
                {
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
