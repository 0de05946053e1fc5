using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;

namespace Sandbox.Host.Jobs;

/// <summary>
/// After a crash: an inprocess job runs inside the process that submitted it, so when that process is gone (killed,
/// or the machine restarted) the job can never end by itself. Such jobs are recorded as failed and their folder (what
/// the job's database spilled) is removed — unless it had not started running (claimed by a worker, or being staged):
/// then it goes back to the queue for the next worker. Jobs of a process that still runs are left alone; running docker
/// jobs are the container reconciler's, which also knows their containers.
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
                    session.Store.PutJob(tx, job with { State = JobState.Queued });
                    session.Store.ReleaseJobOwner(tx, job.Id);
                    return 0;
                });
                var staged = session.Home.WorkspaceOf(job.Id);
                if (Directory.Exists(staged)) Directory.Delete(staged, recursive: true);
                done.Add($"job {job.Id}: queued again ({why})");
                continue;
            }
            if (job.Backend != "inprocess") continue;
            var reason = $"the process that ran it (pid {owner}) ended while the job was {job.State.Name()}; its in-memory workspace ended with it (no outputs)";
            var failed = job with { State = JobState.Failed, ExitCode = 1, Reason = reason, FinishedAt = session.Time.GetUtcNow() };
            session.Store.Change(session.Actor, AuditActions.JobReconcile, job.Id, new { state = failed.State, reason }, tx =>
            {
                session.Store.PutJob(tx, failed);
                return 0;
            });
            var workspace = session.Home.WorkspaceOf(job.Id);
            if (Directory.Exists(workspace)) Directory.Delete(workspace, recursive: true);
            done.Add($"job {job.Id}: failed ({reason})");
        }
        return done;
    }
}
