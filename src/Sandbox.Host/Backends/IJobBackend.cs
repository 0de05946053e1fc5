using Sandbox.Contracts.Jobs;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Backends;

/// <summary>Runs one staged job in some isolation and leaves its outputs in the output directory it is given.</summary>
public interface IJobBackend
{
    /// <summary>The name used by <c>--backend</c>.</summary>
    string Name { get; }

    /// <summary>Runs the job to its end; never throws for a job's own failure.</summary>
    Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken);
}

/// <summary>How a backend run ended: state is succeeded, failed, killed or cancelled; the outputs it wrote.</summary>
public sealed record BackendResult(JobState State, int ExitCode, string? Reason, IReadOnlyList<JobOutput> Outputs)
{
    /// <summary>What the run used, as far as the backend can attribute it; null when it never ran.</summary>
    public JobUsage? Usage { get; init; }
}

/// <summary>What a backend reads from the output directory the host gives it, <c>HOME/out/JOB_ID</c>.</summary>
internal static class BackendPaths
{
    /// <summary>The home's root and the job's id.</summary>
    public static (string HomeRoot, string JobId) Of(string outputDirectory)
    {
        var full = Path.GetFullPath(Path.TrimEndingDirectorySeparator(outputDirectory));
        return (Path.GetDirectoryName(Path.GetDirectoryName(full))!, Path.GetFileName(full));
    }
}
