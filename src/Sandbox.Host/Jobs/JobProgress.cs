using System.Diagnostics;
using System.Globalization;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Follows a job to its end: one line on <c>progress</c> per state it enters (queued, staging, running, then how it
/// ended), with the time since the wait began. Another process runs the job (a host's worker, or the CLI that
/// submitted it): its changes are seen by reading the store, a few times a second, or at once when this process
/// made them.
/// </summary>
internal static class JobProgress
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The progress line of <paramref name="job"/> entering its state, <paramref name="elapsed"/> after the start.</summary>
    public static string Line(JobRecord job, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Line(job.Id, job.State, elapsed);
    }

    /// <summary>The progress line of job <paramref name="id"/> entering <paramref name="state"/>, <paramref name="elapsed"/> after the start.</summary>
    public static string Line(string id, JobState state, TimeSpan elapsed) =>
        Messages.Get("cli.job.progress", ("id", id), ("state", state.Name()), ("seconds", elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));

    /// <summary>How often a wait asks whether the process running the job is still there.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The ended job, or null when <paramref name="timeout"/> passed first (the job goes on). Every couple of seconds
    /// while it has not ended, <paramref name="settle"/> (when given) may end or requeue a job whose process is gone.
    /// </summary>
    /// <remarks>
    /// With <paramref name="stagingProgress"/> (the job's <see cref="Staging.StagingProgressFile"/>), the progress of a
    /// table's first materialization while the job stages is shown too, in this process's language. The file is read
    /// after the store each time: when the job is seen ended, every line was written before, and each is shown once.
    /// </remarks>
    public static async Task<JobRecord?> WaitAsync(IControlStore store, JobRecord job, TextWriter progress, TimeSpan? timeout, CancellationToken cancellationToken,
        Action? settle = null, string? stagingProgress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        var settled = TimeSpan.Zero;
        JobState? shown = null;
        var staging = stagingProgress is null ? null : new Staging.StagingProgressReader(stagingProgress);
        while (true)
        {
            var changed = JobSignals.Next;
            if (settle is not null && clock.Elapsed - settled >= Settle)
            {
                settle();
                settled = clock.Elapsed;
            }
            job = store.FindJob(job.Id) ?? job;
            // Materialization lines come after the line of staging, and before the line of the state after it.
            var staged = staging?.ReadNew() ?? [];
            if (job.State != shown)
            {
                if (job.State != JobState.Staging) Write(progress, staged);
                progress.WriteLine(Line(job, clock.Elapsed));
                if (job.State == JobState.Staging) Write(progress, staged);
                shown = job.State;
            }
            else
            {
                Write(progress, staged);
            }
            if (!job.State.IsActive()) return job;
            if (timeout is { } limit && clock.Elapsed >= limit) return null;
            await JobSignals.WaitAsync(changed, Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Write(TextWriter progress, IReadOnlyList<string> lines)
    {
        foreach (var line in lines) progress.WriteLine(line);
    }
}
