using System.Text.Json;
using Sandbox.Host.Backends;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Documents;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Jobs;

/// <summary>Submits a job: policy decision, staging, backend run, collection — each step audited.</summary>
public static class JobService
{
    /// <summary>Reads and validates a job file; bad input throws <see cref="InputException"/>.</summary>
    public static (JobSpec Spec, IReadOnlyList<(string Name, SqlStatement Statement)> Statements) Load(string path)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: file not found");
        JobSpec spec;
        try
        {
            spec = JobSpecLoader.Load(path, File.ReadAllText(path));
        }
        catch (PolicyDocumentException ex)
        {
            throw new InputException(ex.Message);
        }
        var statements = new List<(string, SqlStatement)>();
        foreach (var query in spec.Queries)
        {
            try
            {
                statements.Add((query.Name, SqlStatement.Parse(query.Sql)));
            }
            catch (SqlParseException ex)
            {
                throw new InputException($"{path}:{query.Line}: queries.{query.Name}: {ex.Message}");
            }
        }
        return (spec, statements);
    }

    /// <summary>Runs the job file to its end on <paramref name="backend"/> and returns the stored job.</summary>
    public static async Task<JobRecord> RunAsync(SandboxSession session, string path, IJobBackend backend, CancellationToken cancellationToken)
    {
        var (spec, statements) = Load(path);
        var store = session.Store;
        var job = new JobRecord(session.NewId("job"), spec.Grant, spec.Kind, JsonSerializer.Serialize(spec, Jsons.Options), "queued",
            null, null, backend.Name, session.Actor, session.Time.GetUtcNow(), null, []);
        var directory = session.Home.WorkspaceOf(job.Id);
        // The inprocess backend stages into a database of its own, in memory; it opens while the policy decides.
        using var database = backend is InProcessBackend && spec.Kind == "sql" ? new JobDatabaseOpening(InProcessBackend.Limits(spec), directory) : null;
        store.Change(session.Actor, "job.submit", job.Id, new { grant = spec.Grant, spec.Kind, backend = backend.Name, queries = spec.Queries.Select(q => q.Name) },
            tx => { store.PutJob(tx, job); return 0; });

        // 1. The Policy decides: grant, state, period, tables, columns, masking overrides.
        var (decision, tables) = JobAdmission.Admit(session, spec, statements);
        if (!decision.Allowed)
        {
            return Finish(session, job, "failed", 1, "refused by policy: " + string.Join("; ", decision.Reasons), "job.refuse");
        }

        // 2. Staging: only granted columns, level-3+ masked.
        job = Transition(session, job, "staging", "job.stage", new { tables = tables.Select(t => t.Dataset.Name) });
        Workspace workspace;
        try
        {
            // A container gets the workspace on disk: sandbox.duckdb with the Parquet and Arrow copies.
            workspace = database is not null
                ? WorkspaceStager.StageInMemory(directory, spec.Grant, session.MaskingKey, tables, database, cancellationToken)
                : WorkspaceStager.Stage(directory, spec.Grant, session.MaskingKey, tables, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or DuckDB.NET.Data.DuckDBException)
        {
            return Finish(session, job, "failed", 1, $"staging failed: {ex.Message.Split('\n')[0]}", "job.finish");
        }

        // 3. Run, 4. collect outputs, then delete the workspace.
        try
        {
            job = Transition(session, job, "running", "job.start", new { workspace = workspace.Directory });
            var outputDirectory = session.Home.OutputsOf(job.Id);
            // A grant suspended or terminated while the job runs stops it at once (seed §12).
            using var watch = GrantWatch.Start(session.Home.StorePath, spec.Grant, cancellationToken);
            var result = await backend.RunAsync(spec, workspace, outputDirectory, watch.Token).ConfigureAwait(false);
            if (watch.StoppedBy is { } stop)
            {
                return Finish(session, job with { Outputs = result.Outputs }, "killed", 137, stop, "job.kill");
            }
            return Finish(session, job with { Outputs = result.Outputs }, result.State, result.ExitCode, result.Reason, "job.finish");
        }
        finally
        {
            workspace.Delete();
        }
    }

    private static JobRecord Transition(SandboxSession session, JobRecord job, string state, string action, object detail)
    {
        var next = job with { State = state };
        session.Store.Change(session.Actor, action, job.Id, detail, tx => { session.Store.PutJob(tx, next); return 0; });
        return next;
    }

    private static JobRecord Finish(SandboxSession session, JobRecord job, string state, int exitCode, string? reason, string action)
    {
        var done = job with { State = state, ExitCode = exitCode, Reason = reason, FinishedAt = session.Time.GetUtcNow() };
        session.Store.Change(session.Actor, action, job.Id,
            new { state, exitCode, reason, outputs = done.Outputs.Select(o => new { o.Name, o.Rows, o.Bytes }) },
            tx => { session.Store.PutJob(tx, done); return 0; });
        return done;
    }

}
