namespace Sandbox.Contracts.Jobs;

/// <summary>Where a job stands. Contract names (store, audit, CLI, API) are those of <see cref="JobStates.Vocabulary"/>.</summary>
public enum JobState
{
    /// <summary>Stored and waiting for a worker.</summary>
    Queued,

    /// <summary>A worker took it; its data is being made ready.</summary>
    Staging,

    /// <summary>Its code runs.</summary>
    Running,

    /// <summary>Ended with exit code 0 and outputs that passed collection. Final.</summary>
    Succeeded,

    /// <summary>Refused, or ended with an error. Final.</summary>
    Failed,

    /// <summary>Stopped by a limit (time, memory, processes, output size). Final.</summary>
    Killed,

    /// <summary>Cancelled by a caller, a suspension or a shutdown. Final.</summary>
    Cancelled,
}

/// <summary>The job-state vocabulary and the sets the platform decides by.</summary>
public static class JobStates
{
    /// <summary>The contract names: lower case, as stored since the first release.</summary>
    public static Vocabulary<JobState> Vocabulary { get; } = new("job state", new Dictionary<JobState, string>
    {
        [JobState.Queued] = "queued",
        [JobState.Staging] = "staging",
        [JobState.Running] = "running",
        [JobState.Succeeded] = "succeeded",
        [JobState.Failed] = "failed",
        [JobState.Killed] = "killed",
        [JobState.Cancelled] = "cancelled",
    });

    /// <summary>The states of a job that has not ended: queued, staging, running.</summary>
    public static IReadOnlyList<JobState> Active { get; } = [JobState.Queued, JobState.Staging, JobState.Running];

    /// <summary>True while the job has not ended.</summary>
    public static bool IsActive(this JobState state) => state is JobState.Queued or JobState.Staging or JobState.Running;

    /// <summary>The contract name of <paramref name="state"/>.</summary>
    public static string Name(this JobState state) => Vocabulary.Name(state);

    /// <summary>The state named <paramref name="name"/>; unknown names fail.</summary>
    public static JobState Parse(string name) => Vocabulary.Parse(name);
}
