using System.Diagnostics;
using Sandbox.Host.Home;

namespace Sandbox.Host.Jobs;

/// <summary>
/// Starts <c>sandbox job work ID</c> for a job <c>job run</c> queued: a process of its own, in a session of its own
/// (it survives the CLI's exit and its terminal), its output appended to <c>logs/JOB_ID/worker.log</c>. It claims the
/// job as a host's worker does, so the job's owner is that process: reconciliation leaves the job alone while it
/// lives and fails it once it is gone. When a running <c>sandbox serve</c> claims the job first, the worker just ends.
/// </summary>
internal static class DetachedWorker
{
    /// <summary>The worker's output file in the job's log folder (beside the job's own stdout and stderr).</summary>
    public static string LogPath(SandboxHome home, string jobId) => Path.Combine(home.JobLogsOf(jobId), "worker.log");

    /// <summary>Starts the worker and returns once it is on its own (not when the job ends).</summary>
    public static void Start(SandboxHome home, string jobId)
    {
        ArgumentNullException.ThrowIfNull(home);
        var log = LogPath(home, jobId);
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        // sh puts the worker in the background in a new session (setsid, or nohup where there is none) and ends at once.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[] { "-c", Script, "sh", log }) info.ArgumentList.Add(arg);
        foreach (var arg in Self()) info.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--home", home.Root, "job", "work", jobId }) info.ArgumentList.Add(arg);
        using var shell = Process.Start(info) ?? throw new InvalidOperationException("the job's worker could not be started");
        shell.WaitForExit();
        if (shell.ExitCode != 0) throw new InvalidOperationException($"the job's worker could not be started (sh exited {shell.ExitCode})");
    }

    private const string Script = """
        log=$1; shift
        if command -v setsid >/dev/null 2>&1; then setsid "$@" </dev/null >>"$log" 2>&1 &
        else nohup "$@" </dev/null >>"$log" 2>&1 &
        fi
        """;

    /// <summary>How to start this program again: its apphost, or <c>dotnet sandbox.dll</c> (also from a test host).</summary>
    private static string[] Self()
    {
        var assembly = typeof(DetachedWorker).Assembly.Location;
        var process = Environment.ProcessPath ?? "dotnet";
        if (assembly.Length == 0) return [process];
        if (Path.GetFileNameWithoutExtension(process) == Path.GetFileNameWithoutExtension(assembly)) return [process];
        return [Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet", assembly];
    }
}
