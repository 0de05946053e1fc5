using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Runner;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Backends;

/// <summary>
/// SQL jobs in the host process: a fresh DuckDB per job that sees only the workspace, read-only, with file access,
/// extensions and configuration locked, memory/thread limits and an interrupt at the deadline.
/// DuckDB's own documentation calls such settings defence in depth, not an isolation boundary.
/// ML jobs in the runner's own process beside the host (<see cref="RunnerProcess"/>), on the same locked DuckDB.
/// </summary>
public sealed class InProcessBackend : IJobBackend
{
    public string Name => "inprocess";

    public Task<BackendResult> RunAsync(JobSpec spec, Workspace workspace, string outputDirectory, CancellationToken cancellationToken)
    {
        if (spec.Kind is not ("sql" or "ml"))
        {
            return Task.FromResult(new BackendResult(JobState.Failed, 2, $"the inprocess backend runs only sql and ml jobs, not '{spec.Kind}' (use --backend docker)", []));
        }
        if (spec.Ml is not null)
        {
            // Training and scoring need code generated at run time (ML.NET), and native trainers have no business in
            // the process holding the home's keys: the runner runs them, over the tables linked for it.
            return workspace.Connection is null && workspace.Database is null
                ? RunnerProcess.RunAsync(spec, workspace, outputDirectory, cancellationToken)
                : Task.FromResult(new BackendResult(JobState.Failed, 1, "an ml job runs on a linked workspace (WorkspaceStager.StageLinked), not on an open database", []));
        }
        var limits = Limits(spec);
        var stagedBytes = StagedBytes(workspace);
        // DuckDB blocks the calling thread; run it off the caller's so cancellation can reach it.
        return Task.Run(() =>
        {
            using var meter = ProcessMeter.Start();
            (string, string)[] queries = [.. spec.Queries.Select(q => (q.Name, q.Sql))];
            // Read in place: the evidence is measured when an export is asked for, most outputs never are.
            var result = workspace.Connection is { } staged
                ? SqlJobExecutor.Run(staged, queries, outputDirectory, limits, cancellationToken, workspace.EvidenceAtRequest ? null : workspace.Subjects, workspace.UniqueSubjects)
                : SqlJobExecutor.Run(workspace.Database!, queries, outputDirectory, limits, cancellationToken, workspace.Subjects, workspace.UniqueSubjects);
            var outputs = result.Outputs.Select(o => new JobOutput(o.Name, o.Path, o.Rows, o.Bytes)).ToList();
            var (state, exitCode) = result.Outcome switch
            {
                SqlJobOutcome.Succeeded => (JobState.Succeeded, 0),
                SqlJobOutcome.Killed => (JobState.Killed, 137),
                SqlJobOutcome.Cancelled => (JobState.Cancelled, 130),
                _ => (JobState.Failed, 1),
            };
            var (attribution, wall, cpu) = meter.Stop();
            return new BackendResult(state, exitCode, result.Reason, outputs)
            {
                Usage = new JobUsage(attribution, (long)wall.TotalMilliseconds, (long)cpu.TotalMilliseconds, null, stagedBytes, JobMeter.Written(outputs)),
            };
        }, CancellationToken.None);
    }

    /// <summary>
    /// The bytes staged for the job: the materialized files it reads in place (and any in-memory table), or the workspace's files.
    /// </summary>
    private static long? StagedBytes(Workspace workspace)
    {
        if (workspace.Connection is not { } connection) return JobMeter.DirectoryBytes(workspace.Directory);
        try
        {
            using var command = connection.CreateCommand();
            // Any in-memory table (a workspace staged by copy), beside the files read in place.
            command.CommandText = "SELECT CAST(coalesce((SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'), 0) AS BIGINT)";
            var inMemory = command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return (workspace.InPlaceBytes ?? 0) + inMemory;
        }
        catch (DuckDB.NET.Data.DuckDBException)
        {
            return null;
        }
    }

    /// <summary>
    /// The runner's view of an ml job file; a scoring job takes its task and features from the released
    /// <paramref name="model"/>, whose file the runner finds at <paramref name="modelPath"/> (the host's path by default).
    /// </summary>
    public static MlJob MlJobOf(MlSpec ml, Exports.ReleasedModel? model, string? modelPath = null)
    {
        if (ml.Predict is not null && model is null) throw new InvalidOperationException("a scoring job runs only with its released model resolved");
        return model is null
            ? new(ml.Task, ml.Query, ml.Label, ml.Features, ml.Trainer, ml.Parameters, ml.Holdout, ml.Seed)
            : new(model.Task, ml.Query, null, model.Features, "", new Dictionary<string, double>(), 0, ml.Seed, model.ToPrediction(modelPath ?? model.Path));
    }

    /// <summary>The runner's limits for <paramref name="spec"/>: its CPUs rounded up to whole DuckDB threads.</summary>
    public static SqlJobLimits Limits(JobSpec spec) =>
        new(spec.Limits.Timeout, spec.Limits.MemoryBytes, Math.Max(1, (int)Math.Ceiling(spec.Limits.Cpus)), spec.Limits.OutputBytes);
}
