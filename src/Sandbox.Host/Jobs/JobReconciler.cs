using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;

namespace Sandbox.Host.Jobs;

/// <summary>
/// After a crash: a job runs under the process that took it, so when that process is gone (killed, or the machine
/// restarted) the job can never end by itself. Such jobs are recorded as failed and their folder (what the job's
/// database spilled) and partial outputs are removed — unless it had not started running (claimed by a worker, or
/// being staged): then it goes back to the queue for the next worker. Jobs of a process that still runs are left
/// alone; the containers of docker jobs are the container reconciler's, which removes them.
/// </summary>
internal static class JobReconciler
{
    /// <summary>Reconciles the home of <paramref name="session"/>; returns one line per job it ended.</summary>
    public static IReadOnlyList<string> Reconcile(SandboxSession session)
    {
        var done = new List<string>();
        foreach (var (job, pid, started) in session.Store.ListActiveJobs())
        {
            if (pid is not { } owner || started is null || new ProcessOwner(owner, started).IsAlive) continue;
            if (job.State is JobState.Queued or JobState.Staging)
            {
                var why = $"the process that took it (pid {owner}) ended before it ran; back in the queue";
                session.Store.Change(session.Actor, AuditActions.JobReconcile, job.Id, new { state = JobState.Queued, reason = why }, tx =>
                {
                    tx.PutJob(job with { State = JobState.Queued });
                    tx.ReleaseJobOwner(job.Id);
                    return 0;
                });
                RemoveWorkspace(session, job.Id);
                RemovePartialOutputs(session, job.Id);
                done.Add($"job {job.Id}: queued again ({why})");
                continue;
            }
            // A docker job's container outlives its owner, but nobody streams its logs, enforces its deadline or collects
            // its /out any more: the job has failed; its container is removed by the container reconciliation that follows.
            var reason = job.Backend == "inprocess"
                ? $"the process that ran it (pid {owner}) ended while the job was {job.State.Name()}; its in-memory workspace ended with it (no outputs)"
                : $"the process that ran it (pid {owner}) ended while the job was {job.State.Name()}; its container is removed (no outputs)";
            var failed = job with { State = JobState.Failed, ExitCode = 1, Reason = reason, FinishedAt = session.Time.GetUtcNow() };
            session.Store.Change(session.Actor, AuditActions.JobReconcile, job.Id, new { state = failed.State, reason }, tx =>
            {
                tx.PutJob(failed);
                return 0;
            });
            RemoveWorkspace(session, job.Id);
            RemovePartialOutputs(session, job.Id);
            done.Add($"job {job.Id}: failed ({reason})");
        }
        return done;
    }

    /// <summary>
    /// The job's staged workspace and, for a docker job, its <c>/job</c> folder (<c>workspaces/JOB_ID.job</c>): both
    /// are removed in the same step that ends the job, so no one who sees the job ended can still find either.
    /// </summary>
    private static void RemoveWorkspace(SandboxSession session, string jobId)
    {
        foreach (var folder in new[] { session.Home.WorkspaceOf(jobId), session.Home.JobFilesOf(jobId) })
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// What a killed run may have half-written: its output folder and the tar of a container's <c>/out</c> being
    /// collected (deleted on close, which a SIGKILL never reaches). A failed job has no outputs.
    /// </summary>
    private static void RemovePartialOutputs(SandboxSession session, string jobId)
    {
        var outputs = session.Home.OutputsOf(jobId);
        if (Directory.Exists(outputs)) Directory.Delete(outputs, recursive: true);
        var collecting = outputs + ".collect.tar";
        if (File.Exists(collecting)) File.Delete(collecting);
    }
}
