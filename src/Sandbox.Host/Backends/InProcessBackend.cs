using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;
using Sandbox.Runner.Ml;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Backends;

/// <summary>
/// SQL jobs in the host process: a fresh DuckDB per job that sees only the workspace, read-only, with file access,
/// extensions and configuration locked, memory/thread limits and an interrupt at the deadline.
/// DuckDB's own documentation calls such settings defence in depth, not an isolation boundary.
/// </summary>
public sealed class InProcessBackend : IJobBackend
{
    public string Name => "inprocess";

    public Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken)
    {
        if (spec.Kind is not ("sql" or "ml"))
        {
            return Task.FromResult(new BackendResult("failed", 2, $"the inprocess backend runs only sql and ml jobs, not '{spec.Kind}' (use --backend docker)", []));
        }
        var limits = Limits(spec);
        // DuckDB and ML.NET block the calling thread; run them off the caller's so cancellation can reach them.
        return Task.Run(() =>
        {
            (string, string)[] queries = [.. spec.Queries.Select(q => (q.Name, q.Sql))];
            var result = spec.Ml is { } ml
                ? workspace.Connection is { } connection
                    ? MlJobExecutor.Run(connection, MlJobOf(ml), outputDirectory, limits, cancellationToken, [.. workspace.Subjects.Values])
                    : MlJobExecutor.Run(workspace.Database!, MlJobOf(ml), outputDirectory, limits, cancellationToken, [.. workspace.Subjects.Values])
                : workspace.Connection is { } staged
                ? SqlJobExecutor.Run(staged, queries, outputDirectory, limits, cancellationToken, workspace.Subjects)
                : SqlJobExecutor.Run(workspace.Database!, queries, outputDirectory, limits, cancellationToken, workspace.Subjects);
            var outputs = result.Outputs.Select(o => new JobOutput(o.Name, o.Path, o.Rows, o.Bytes)).ToList();
            var (state, exitCode) = result.Outcome switch
            {
                SqlJobOutcome.Succeeded => ("succeeded", 0),
                SqlJobOutcome.Killed => ("killed", 137),
                SqlJobOutcome.Cancelled => ("cancelled", 130),
                _ => ("failed", 1),
            };
            return new BackendResult(state, exitCode, result.Reason, outputs);
        }, CancellationToken.None);
    }

    /// <summary>The runner's view of an ml job file.</summary>
    public static MlJob MlJobOf(MlSpec ml) =>
        new(ml.Task, ml.Query, ml.Label, ml.Features, ml.Trainer, ml.Parameters, ml.Holdout, ml.Seed);

    /// <summary>The runner's limits for <paramref name="spec"/>: its CPUs rounded up to whole DuckDB threads.</summary>
    public static SqlJobLimits Limits(JobSpec spec) =>
        new(spec.Limits.Timeout, spec.Limits.MemoryBytes, Math.Max(1, (int)Math.Ceiling(spec.Limits.Cpus)), spec.Limits.OutputBytes);
}
