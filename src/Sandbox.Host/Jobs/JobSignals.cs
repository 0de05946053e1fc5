namespace Sandbox.Host.Jobs;

/// <summary>
/// In-process wake-ups for the queue: a job queued or ended in this process wakes the workers (and whoever waits for a
/// job's end) at once, instead of at their next poll. Changes made by other processes (a CLI on the same home) are
/// still found by polling, so a missed signal only costs the poll interval.
/// </summary>
internal static class JobSignals
{
    private static TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The next change: take it <em>before</em> looking at the store, then wait on it, so a change made in between is
    /// not missed.
    /// </summary>
    public static Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Something changed in the queue: wakes every waiter.</summary>
    public static void Changed() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> (taken from <see cref="Next"/>) or <paramref name="poll"/>, whichever comes first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan poll, CancellationToken cancellationToken)
    {
        try
        {
            await next.WaitAsync(poll, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
