using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Access;
using Sandbox.Host.Backends;
using Sandbox.Host.Home;
using Sandbox.Host.Store;

namespace Sandbox.Host.Jobs;

/// <summary>
/// The host's workers: they run queued jobs (from <c>POST /v1/jobs</c> or <c>job run --detach</c>) as their
/// submitters, at most <see cref="PerBackend"/> at a time per backend, fairly across operator organizations — the
/// organization with the fewest jobs running goes first, then the one served least recently, then the oldest job — so
/// one operator's hundred jobs cannot starve another's one. On start they reconcile what a dead host left; on stop
/// they take no new work, let running jobs finish within <see cref="Grace"/>, then cancel the rest (recorded as such).
/// </summary>
public sealed class JobWorkers(SandboxHome home, TimeProvider time, ILogger? logger = null) : BackgroundService
{
    private readonly ILogger _log = logger ?? NullLogger.Instance;

    /// <summary>The grace a stop gives running jobs unless <see cref="Grace"/> says otherwise.</summary>
    public static TimeSpan DefaultGrace { get; } = TimeSpan.FromSeconds(20);

    /// <summary>Jobs run at once per backend.</summary>
    public int PerBackend { get; init; } = 2;

    /// <summary>Whether its sessions take their store connections from the process's pool (a long-running host's do).</summary>
    public bool Pooled { get; init; }

    /// <summary>How long running jobs may go on after a stop is asked for.</summary>
    public TimeSpan Grace { get; init; } = DefaultGrace;

    /// <summary>How often the queue is looked at when there is nothing to do.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The engine whose containers a dead host left are removed at start (tests point it at a fake one).</summary>
    internal Uri DockerEndpoint { get; init; } = Backends.Docker.DockerEngine.Endpoint;

    /// <summary>How long that removal may take before docker jobs run without it (an engine can stall listing its containers).</summary>
    internal TimeSpan ContainerReconcileLimit { get; init; } = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, DateTimeOffset> _served = new(StringComparer.Ordinal);

    // Inprocess jobs of a grant share a warm, locked DuckDB instance over its materialized data (each its own connection).
    private readonly Staging.WarmDatabases _warm = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var jobs = new CancellationTokenSource();
        var running = new List<(Task Task, string Backend)>();
        Task containers;
        using (var session = SandboxSession.Open(home, SandboxSession.Administrator, time, Pooled))
        {
            // Jobs, then releases and materializations a killed process left unfinished.
            var settled = JobReconciler.Reconcile(session).Count + Exports.ExportReconciler.Reconcile(session).Count
                + DataPlane.Materializer.RemoveLeftovers(home).Count + Staging.ScratchFolder.RemoveOrphans();
            JobLog.Started(_log, PerBackend, settled);
            // The containers a dead host left are removed beside the queue, not before it: an engine slow to list its
            // containers must not hold inprocess jobs. Docker jobs wait for it (bounded), so one this host has just
            // claimed is never taken for a dead host's.
            containers = Task.Run(() => ReconcileContainersAsync(stoppingToken), CancellationToken.None);
            _ = containers.ContinueWith(_ => JobSignals.Changed(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = JobSignals.Next;
                _warm.Sweep();
                running.RemoveAll(r => r.Task.IsCompleted);
                var next = Next(session, running.GroupBy(r => r.Backend).ToDictionary(g => g.Key, g => g.Count()), dockerReady: containers.IsCompleted);
                if (next is not null && session.Store.TryClaimJob(next.Id, ProcessOwner.Current.Pid, ProcessOwner.Current.Started))
                {
                    JobLog.Claimed(_log, next.Id, next.Backend, (long)(time.GetUtcNow() - next.CreatedAt).TotalMilliseconds);
                    var run = Task.Run(() => RunOneAsync(next, jobs.Token), CancellationToken.None);
                    // Its slot frees when the task has completed: wake the loop then, not at the next poll.
                    _ = run.ContinueWith(_ => JobSignals.Changed(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                    running.Add((run, next.Backend));
                    continue;
                }
                // A job queued or ended in this process wakes the loop at once; others' are found by wall-clock polling,
                // whatever clock the jobs are stamped with (tests fake that one).
                try { await JobSignals.WaitAsync(changed, Poll, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }

        // Stopping: no new work; running jobs get the grace period, then are cancelled (each records why).
        JobLog.Stopping(_log, running.Count(r => !r.Task.IsCompleted), Grace.TotalSeconds);
        var all = Task.WhenAll(running.Select(r => r.Task));
        if (await Task.WhenAny(all, Task.Delay(Grace, CancellationToken.None)).ConfigureAwait(false) != all) await jobs.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
        await containers.ConfigureAwait(false);
        _warm.Dispose();
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _warm.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Removes the containers a dead host process left running (their jobs were failed just before), at start rather
    /// than at the next docker job, which may never come. Without an engine there is nothing to remove; an engine that
    /// fails or does not answer within <see cref="ContainerReconcileLimit"/> is logged, and docker jobs run without it.
    /// </summary>
    private async Task ReconcileContainersAsync(CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(ContainerReconcileLimit);
        try
        {
            using var session = SandboxSession.Open(home, SandboxSession.Administrator, time, Pooled);
            using var docker = await Backends.Docker.DockerBackend.ConnectAsync(DockerEndpoint, limit.Token).ConfigureAwait(false);
            var done = await Backends.Docker.ContainerReconciler.ReconcileAsync(docker, session, limit.Token).ConfigureAwait(false);
            if (done.Count > 0) JobLog.ContainersReconciled(_log, done.Count);
        }
        catch (Backends.Docker.DockerUnavailableException)
        {
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            JobLog.ContainersNotReconciled(_log, ex is OperationCanceledException ? $"no answer within {ContainerReconcileLimit.TotalSeconds:0} s" : ex.GetType().Name);
        }
    }

    /// <summary>The queued job to run next, or null: unowned, its backend below its bound (docker's once the start's reconciliation is over), fairest organization first.</summary>
    private JobRecord? Next(SandboxSession session, Dictionary<string, int> busy, bool dockerReady)
    {
        var active = session.Store.ListActiveJobs();
        var organization = new Dictionary<string, string>(StringComparer.Ordinal);
        string Org(JobRecord j) => organization.TryGetValue(j.GrantId, out var o) ? o
            : organization[j.GrantId] = Resources.Job(session, j).Organizations.FirstOrDefault() ?? "";
        var runningPerOrg = active.Where(a => a.Pid is not null && a.Job.State != JobState.Queued).GroupBy(a => Org(a.Job)).ToDictionary(g => g.Key, g => g.Count());
        var next = active.Where(a => a.Pid is null && a.Job.State == JobState.Queued && busy.GetValueOrDefault(a.Job.Backend) < PerBackend
                        && (dockerReady || a.Job.Backend != "docker"))
            .Select(a => a.Job)
            .OrderBy(j => runningPerOrg.GetValueOrDefault(Org(j)))
            .ThenBy(j => _served.GetValueOrDefault(Org(j), DateTimeOffset.MinValue))
            .ThenBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (next is not null) _served[Org(next)] = time.GetUtcNow();
        return next;
    }

    /// <summary>
    /// Claims the queued job <paramref name="id"/> for this process and runs it to its end (the detached worker
    /// <c>job run</c> starts, <see cref="DetachedWorker"/>). False when it is not queued or a host's worker took it first.
    /// </summary>
    internal async Task<bool> RunQueuedAsync(string id, CancellationToken cancellationToken)
    {
        JobRecord? job;
        using (var session = SandboxSession.Open(home, SandboxSession.Administrator, time, Pooled))
        {
            job = session.Store.FindJob(id);
            if (job is not { State: JobState.Queued } || !session.Store.TryClaimJob(job.Id, ProcessOwner.Current.Pid, ProcessOwner.Current.Started)) return false;
        }
        JobLog.Claimed(_log, job.Id, job.Backend, (long)(time.GetUtcNow() - job.CreatedAt).TotalMilliseconds);
        await RunOneAsync(job, cancellationToken).ConfigureAwait(false);
        _warm.Dispose();
        return true;
    }

    /// <summary>Runs one claimed job as its submitter; a failure outside the job's own run is recorded on the job.</summary>
    private async Task RunOneAsync(JobRecord job, CancellationToken cancellationToken)
    {
        // A submitter no longer declared cannot act: the job is ended by the administrator's session, saying why.
        Sandbox.Runner.Timing.PhaseClock.Begin();
        SandboxSession session;
        try
        {
            session = SandboxSession.Open(home, job.SubmittedBy, time, Pooled);
            Sandbox.Runner.Timing.PhaseClock.Mark("worker session open");
        }
        catch (InputException ex)
        {
            using var admin = SandboxSession.Open(home, SandboxSession.Administrator, time, Pooled);
            Fail(admin, job, $"refused: {ex.Message}", cancelled: false);
            return;
        }
        using var _ = session;
        var clock = Stopwatch.StartNew();
        try
        {
            var spec = job.Spec;
            var backend = await BackendFactory.CreateAsync(job.Backend, session, cancellationToken).ConfigureAwait(false);
            var done = await JobService.RunWithAsync(session, spec.SourceFile, backend, cancellationToken, job, _warm).ConfigureAwait(false);
            JobLog.Finished(_log, job.Id, done.State.Name(), clock.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex switch
            {
                InputException or RefusedException or NotFoundException => ex.Message,
                Backends.Docker.DockerUnavailableException => ex.Message,
                OperationCanceledException => "cancelled while the host stopped",
                _ => $"the worker failed (incident {Incident(job, ex)})",
            };
            Fail(session, job, reason, cancelled: ex is OperationCanceledException);
        }
    }

    private string Incident(JobRecord job, Exception ex)
    {
        var id = CrashLog.Write(home, ex, time).Id;
        JobLog.WorkerFailed(_log, job.Id, id);
        return id;
    }

    private void Fail(SandboxSession session, JobRecord job, string reason, bool cancelled)
    {
        var failed = job with { State = cancelled ? JobState.Cancelled : JobState.Failed, ExitCode = 1, Reason = reason, FinishedAt = time.GetUtcNow() };
        session.Store.Change(session.Actor, AuditActions.JobFinish, job.Id, new { state = failed.State, reason }, tx => { tx.PutJob(failed); return 0; });
    }
}
