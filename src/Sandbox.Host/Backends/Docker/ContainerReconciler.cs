using Docker.DotNet.Models;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// After a crash: finds this home's job containers whose host process is gone, kills and removes them, marks their
/// jobs failed (a tmpfs <c>/out</c> dies with its container, so nothing is collected), and removes orphan workspaces.
/// Containers of a host process that still runs (another `job run` on the same home) are left alone.
/// </summary>
internal static class ContainerReconciler
{

    /// <summary>Reconciles the home of <paramref name="session"/>; returns one line per thing it did.</summary>
    public static async Task<IReadOnlyList<string>> ReconcileAsync(DockerBackend backend, SandboxSession session, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var home = session.Home;
        var containers = await backend.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Home}={home.Root}"] = true },
            },
        }, cancellationToken).ConfigureAwait(false);

        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            var jobId = container.Labels.TryGetValue(ContainerLabels.Job, out var id) ? id : null;
            if (ContainerLabels.OwnerAlive(container.Labels))
            {
                if (jobId is not null) live.Add(jobId);
                continue;
            }
            // 1. The owner is gone: nobody can stream its logs or enforce its deadline any more.
            await backend.RemoveAsync(container.ID).ConfigureAwait(false);
            done.Add($"removed {container.State} container {container.ID[..12]} of job {jobId}");
            if (jobId is not null && MarkFailed(session, jobId, $"the host stopped while the job was {container.State}; its container was removed on restart (no outputs)")) done.Add($"job {jobId}: failed");
        }

        // 2. Workspaces (and /job folders) that no live job owns. A job of a process that still runs may be staging
        //    (no container yet): its workspace is its process's, never ours to remove.
        foreach (var (job, pid, started) in session.Store.ListActiveJobs())
        {
            if (pid is { } owner && started is not null && new Jobs.ProcessOwner(owner, started).IsAlive) live.Add(job.Id);
        }
        if (Directory.Exists(home.WorkspacesDirectory))
        {
            foreach (var dir in Directory.GetDirectories(home.WorkspacesDirectory))
            {
                var name = Path.GetFileName(dir);
                var jobId = name.EndsWith(".job", StringComparison.Ordinal) ? name[..^4] : name;
                if (live.Contains(jobId)) continue;
                var job = session.Store.FindJob(jobId);
                // An active job of another backend may be running in another process: only docker jobs are ours to judge.
                if (job is not null && job.State.IsActive() && job.Backend != "docker") continue;
                if (job is not null && job.State.IsActive() && MarkFailed(session, jobId, "the host stopped while the job ran; its workspace was removed on restart (no outputs)"))
                {
                    done.Add($"job {jobId}: failed");
                }
                // The loop runs beside the host's first jobs: a job that has just ended may be removing its own folder.
                try { Directory.Delete(dir, recursive: true); }
                catch (DirectoryNotFoundException) { continue; }
                done.Add($"removed orphan workspace {name}");
            }
            // Staging progress files that earlier versions kept beside the workspace (now kept with the job's logs: Staging.StagingProgressFile), of jobs no live process stages any more.
            foreach (var file in Directory.GetFiles(home.WorkspacesDirectory, "*.progress"))
            {
                var jobId = Path.GetFileNameWithoutExtension(file);
                if (live.Contains(jobId) || session.Store.FindJob(jobId) is { } job && job.State.IsActive() && job.Backend != "docker") continue;
                File.Delete(file);
            }
        }
        return done;
    }

    private static bool MarkFailed(SandboxSession session, string jobId, string reason)
    {
        var job = session.Store.FindJob(jobId);
        if (job is null || !job.State.IsActive()) return false;
        var failed = job with { State = JobState.Failed, ExitCode = 1, Reason = reason, FinishedAt = session.Time.GetUtcNow() };
        session.Store.Change(session.Actor, AuditActions.JobReconcile, jobId, new { state = failed.State, reason }, tx =>
        {
            tx.PutJob(failed);
            return 0;
        });
        return true;
    }
}
