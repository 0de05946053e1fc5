namespace Sandbox.Policy.Jobs;

/// <summary>A job file (<c>job.yaml</c>): what to run, under which grant, within which limits.</summary>
public sealed record JobSpec
{
    /// <summary>The id of the grant the job runs under.</summary>
    public required string Grant { get; init; }

    /// <summary>The job kind: one of <see cref="JobKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>For <c>sql</c> jobs: the queries, in document order; each result becomes the output <c>&lt;name&gt;.csv</c>.</summary>
    public IReadOnlyList<NamedQuery> Queries { get; init; } = [];

    /// <summary>For container jobs: the approved image to run.</summary>
    public string? Image { get; init; }

    /// <summary>For container jobs: the command, run in <c>/job</c>; empty for the image's default.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>For container jobs: the directory copied read-only to <c>/job</c>, as written in the file.</summary>
    public string? Files { get; init; }

    /// <summary>
    /// For container jobs: the granted tables mounted at <c>/data</c>, as written; empty for every table of the grant.
    /// </summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>For ml jobs: what to train (or, with <c>predict</c>, which model to apply).</summary>
    public MlSpec? Ml { get; init; }

    /// <summary>Time, memory, CPU, process and output limits.</summary>
    public JobLimits Limits { get; init; } = JobLimits.Default;

    /// <summary>The path of the job file.</summary>
    public string SourceFile { get; init; } = string.Empty;
}
