using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Documents;
using Sandbox.Host.Access;
using Sandbox.Host.Backends;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Policies;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Jobs;

/// <summary>Submits a job: policy decision, staging, backend run, collection — each step audited.</summary>
public static class JobService
{
    /// <summary>
    /// Reads and validates a job file, its limits within <paramref name="caps"/> (the built-in caps when null); bad
    /// input throws <see cref="InputException"/>.
    /// </summary>
    public static (JobSpec Spec, IReadOnlyList<(string Name, SqlStatement Statement)> Statements) Load(string path, PlatformLimits? caps = null) =>
        Read(path).Within(caps);

    /// <summary>
    /// Reads a job file and parses its SQL, its limits not yet held to the platform's caps (those are the home's):
    /// a command reads it while the session opens. A missing file or a document error throws
    /// <see cref="InputException"/> now; a query that does not parse is told by <see cref="JobFile.Within"/>, after
    /// the limits, as <see cref="Load"/> always told it.
    /// </summary>
    public static JobFile Read(string path)
    {
        if (!File.Exists(path)) throw new InputException(new LocalMessage("cli.file-not-found", ("path", path)));
        JobSpec spec;
        try
        {
            spec = JobSpecLoader.Load(path, File.ReadAllText(path));
        }
        catch (PolicyDocumentException ex)
        {
            throw InputException.Of(ex.Errors);
        }
        var statements = new List<(string, SqlStatement)>();
        try
        {
            foreach (var query in spec.Queries) statements.Add((query.Name, Parse(query.Sql, $"{path}:{query.Line}: queries.{query.Name}")));
            // An ml job's training query is admitted as a SQL job's query is: same AST gate, same column rules.
            if (spec.Ml is { } ml) statements.Add((MlJobAdmission.TrainingQuery, Parse(ml.Query, $"{path}:{ml.QueryLine}: query")));
        }
        catch (InputException unparsed)
        {
            return new JobFile(path, spec, statements, unparsed);
        }
        return new JobFile(path, spec, statements, null);

        static SqlStatement Parse(string sql, string where)
        {
            try
            {
                return SqlStatement.Parse(sql);
            }
            catch (SqlParseException ex)
            {
                throw new InputException($"{where}: {ex.Message}");
            }
        }
    }

    /// <summary>A job file read by <see cref="Read"/>: its spec, its parsed queries, and the first query that did not parse.</summary>
    public sealed record JobFile(string Path, JobSpec Spec, IReadOnlyList<(string Name, SqlStatement Statement)> Statements, InputException? Unparsed)
    {
        /// <summary>The spec with its limits within <paramref name="caps"/> and its statements; bad input throws <see cref="InputException"/>.</summary>
        public (JobSpec Spec, IReadOnlyList<(string Name, SqlStatement Statement)> Statements) Within(PlatformLimits? caps)
        {
            // A job file's limits stay within the platform's maxima (issue 11).
            var (capped, limits) = (caps ?? PlatformLimits.BuiltIn).Apply(Spec.Limits);
            if (!capped.Allowed) throw new InputException(new LocalMessage("error.job-limits", ("path", Path), ("reasons", EnglishShapes.Argument(string.Join("; ", capped.Reasons)))));
            if (Unparsed is not null) throw Unparsed;
            return (Spec with { Limits = limits }, Statements);
        }
    }

    /// <summary>
    /// The full admission decision for a job file — grant, organization, training, column rules, consent, masking —
    /// with no job recorded and nothing a monitor would count: for writing jobs, not for probing (the decision is the
    /// one <see cref="RunAsync"/> would take, so a grant the actor may not see still answers as missing).
    /// </summary>
    public static (Decision Decision, IReadOnlyList<WorkspaceStager.TablePlan> Tables) Check(SandboxSession session, string path)
    {
        var (spec, statements) = Load(path, PlatformCaps.Of(session));
        var notFound = new LocalMessage("error.job-grant-missing", ("path", path), ("id", spec.Grant));
        var grantRecord = session.Store.FindGrant(spec.Grant) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.JobRun, Resources.Grant(grantRecord), notFound);
        return JobAdmission.Admit(session, spec, statements);
    }

    /// <summary>
    /// Stores a job as queued and returns at once; the host's workers (<see cref="JobWorkers"/>, in <c>sandbox serve</c>)
    /// run it. Bad input and a grant the actor may not use are answered now, as by <see cref="RunAsync"/>.
    /// </summary>
    public static JobRecord Enqueue(SandboxSession session, string path, string backend)
    {
        var (spec, _) = Load(path, PlatformCaps.Of(session));
        var job = Record(session, path, spec, backend, claim: false);
        JobSignals.Changed();
        return job;
    }

    /// <summary>
    /// Runs the job file to its end on <paramref name="backend"/> and returns the stored job. A worker passes the
    /// <paramref name="queued"/> job it claimed; otherwise the job is recorded here, owned by this process.
    /// </summary>
    /// <remarks><paramref name="changed"/>, when given, hears of the job each time it enters a state (for a progress
    /// display); <paramref name="read"/>, when given, is the job file as <see cref="Read"/> read it (while the session opened).</remarks>
    public static Task<JobRecord> RunAsync(SandboxSession session, string path, IJobBackend backend, CancellationToken cancellationToken, JobRecord? queued = null,
        Action<JobRecord>? changed = null, JobFile? read = null) =>
        RunWithAsync(session, path, backend, cancellationToken, queued, warm: null, changed, read);

    /// <summary>
    /// Runs a job as RunAsync does; an inprocess job takes its connection from <paramref name="warm"/>, a long-running
    /// host's warm instances, when given (null: it opens its own).
    /// </summary>
    internal static async Task<JobRecord> RunWithAsync(SandboxSession session, string path, IJobBackend backend, CancellationToken cancellationToken, JobRecord? queued, WarmDatabases? warm,
        Action<JobRecord>? changed = null, JobFile? read = null)
    {
        Sandbox.Runner.Timing.PhaseClock.Begin();
        // The inprocess backend stages into a database of its own, in memory; it starts opening as the job arrives.
        using var database = backend is InProcessBackend && warm is null ? new JobDatabaseOpening() : null;
        var (spec, statements) = (read ?? Read(path)).Within(PlatformCaps.Of(session));
        var store = session.Store;
        Sandbox.Runner.Timing.PhaseClock.Mark("job load");
        var job = queued ?? Record(session, path, spec, backend.Name, claim: true);
        changed?.Invoke(job);
        Sandbox.Runner.Timing.PhaseClock.Mark("job record");
        // A queued job is run as its submitter, who may have lost the right since it was queued.
        if (queued is not null && Authorizer.Decide(session.Principal, AccessAction.JobRun, store.FindGrant(spec.Grant) is { } g ? Resources.Grant(g) : AccessResource.Platform) is { Allowed: false } lost)
        {
            return Finish(session, job, JobState.Failed, 1, "refused by policy: " + (lost.Hidden ? $"grant {spec.Grant} does not exist" : lost.Reason), AuditActions.JobRefuse);
        }
        var directory = session.Home.WorkspaceOf(job.Id);
        // From here a grant suspended or terminated (seed §12), or `job cancel`, stops the job at once, even from another process.
        using var watch = JobWatch.Start(session.Store.OpenSignals, job.Id, spec.Grant, cancellationToken);

        // 1. The Policy decides: grant, state, period, tables, columns, masking overrides.
        var (decision, tables) = JobAdmission.Admit(session, spec, statements);
        Sandbox.Runner.Timing.PhaseClock.Mark("job admit");
        if (!decision.Allowed)
        {
            return Finish(session, job, JobState.Failed, 1, "refused by policy: " + string.Join("; ", decision.Reasons), AuditActions.JobRefuse);
        }

        // A scoring job's model, resolved again now that the job runs: released, of its organization, and still the reviewed bytes.
        Exports.ReleasedModel? model = null;
        if (spec.Ml?.Predict is { } exportId)
        {
            var (resolved, refusal) = Exports.ReleasedModels.Resolve(session, exportId, store.FindGrant(spec.Grant)!.Grant);
            if (resolved is null) return Finish(session, job, JobState.Failed, 1, "refused by policy: " + refusal, AuditActions.JobRefuse);
            model = resolved;
        }

        // 2. Staging: only granted columns, level-3+ masked.
        // What the job reads is recorded once, now that it is admitted: the gate, the release and the monitor read it from here on.
        // With the addresses of the materialized tables it is staged with: its outputs' evidence is measured from them.
        var reads = JobReading.Admitted(session, statements) with
        {
            Staged = [.. tables.Select(t => new StagedTable(t.Dataset.Name, DataPlane.Materializer.Address(t, spec.Grant, session.MaskingKey), WorkspaceStager.SubjectOf(t)))],
        };
        job = Transition(session, job, JobState.Staging, AuditActions.JobStage, new { tables = tables.Select(t => t.Dataset.Name), model = model?.ExportId },
            tx => tx.PutJobReads(job.Id, reads));
        changed?.Invoke(job);
        Sandbox.Runner.Timing.PhaseClock.Mark("job staging recorded");
        Workspace workspace;
        try
        {
            // The grant's materialized tables, read in place: through views of the job's own DuckDB inprocess,
            // hard-linked into the folder a container mounts read-only at /data (each table's Parquet and Arrow) on
            // docker, and for the runner's own process (an inprocess ml job) each table's Parquet alone.
            var built = new List<DataPlane.Materializer.Table>();
            workspace = backend is InProcessBackend && spec.Kind == "ml"
                ? WorkspaceStager.StageLinked(session.Home, directory, spec.Grant, session.MaskingKey, tables, built, watch.Token, parquetOnly: true, checkSubjects: true)
                : backend is InProcessBackend && warm is not null && spec.Kind == "sql"
                ? WorkspaceStager.StageWarm(session.Home, directory, spec.Grant, session.MaskingKey, tables, warm, InProcessBackend.Limits(spec), built, watch.Token)
                : database is not null && spec.Kind == "sql"
                ? WorkspaceStager.StageInPlace(session.Home, directory, spec.Grant, session.MaskingKey, tables, database, InProcessBackend.Limits(spec), built, watch.Token)
                : WorkspaceStager.StageLinked(session.Home, directory, spec.Grant, session.MaskingKey, tables, built, watch.Token, checkSubjects: spec.Kind == "ml");
            workspace = workspace with { Model = model };
            foreach (var table in built)
            {
                session.Store.Record(session.Actor, AuditActions.MaterializationBuild, spec.Grant, new { table = table.Name, table.Address, table.Rows, job = job.Id });
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or DuckDB.NET.Data.DuckDBException)
        {
            // Staging reads raw values: a DuckDB error here is named by its kind only (it could quote one).
            var why = ex is DuckDB.NET.Data.DuckDBException duck ? Sandbox.Runner.Sql.QueryErrors.Describe(duck) : ex.Message.Split('\n')[0];
            return Finish(session, job, JobState.Failed, 1, $"staging failed: {why}", AuditActions.JobFinish);
        }
        catch (OperationCanceledException) when (watch.Token.IsCancellationRequested)
        {
            return Stopped(session, job, watch, "while it was staged");
        }

        // 3. Run, 4. collect outputs, then delete the workspace.
        Task? deleting = null;
        try
        {
            Sandbox.Runner.Timing.PhaseClock.Mark("job staged");
            job = Transition(session, job, JobState.Running, AuditActions.JobStart, new { workspace = workspace.Directory });
            changed?.Invoke(job);
            Sandbox.Runner.Timing.PhaseClock.Mark("job running recorded");
            var outputDirectory = session.Home.OutputsOf(job.Id);
            var result = await backend.RunAsync(spec, workspace, outputDirectory, watch.Token).ConfigureAwait(false);
            // The workspace is done with: it closes (an in-memory one takes milliseconds) while the result is recorded.
            Sandbox.Runner.Timing.PhaseClock.Mark("job ran");
            deleting = Task.Run(workspace.Delete, CancellationToken.None);
            if (watch.StoppedBy is not null) return Stopped(session, job with { Outputs = result.Outputs }, watch, null, result.Usage);
            return Finish(session, job with { Outputs = result.Outputs }, result.State, result.ExitCode, result.Reason, AuditActions.JobFinish, result.Usage);
        }
        finally
        {
            if (deleting is null) workspace.Delete();
            else await deleting.ConfigureAwait(false);
            Sandbox.Runner.Timing.PhaseClock.Mark("job finished and workspace deleted");
        }
    }

    /// <summary>
    /// 0. Only the grant's own operator staff submit under it; a grant the actor may not see answers as missing, and
    /// nothing is recorded for it but the refusal (the monitor counts an actor probing grants). Then the job is stored
    /// as queued — owned by this process when it runs it now (<paramref name="claim"/>), else left for the workers.
    /// </summary>
    private static JobRecord Record(SandboxSession session, string path, JobSpec spec, string backend, bool claim)
    {
        var store = session.Store;
        var notFound = new LocalMessage("error.job-grant-missing", ("path", path), ("id", spec.Grant));
        var grantRecord = store.FindGrant(spec.Grant);
        var access = grantRecord is null ? null : Authorizer.Decide(session.Principal, AccessAction.JobRun, Resources.Grant(grantRecord));
        if (access is not { Allowed: true })
        {
            store.Record(session.Actor, AuditActions.JobRefuse, session.NewId("job"), new { grant = spec.Grant, reason = access?.Hidden is false ? access.Reason : "no such grant" });
            if (access is null || access.Hidden) throw new NotFoundException(notFound);
            throw new ForbiddenException(AccessRefusal.Of(session.Principal, AccessAction.JobRun));
        }
        Sandbox.Runner.Timing.PhaseClock.Mark("record authorized");
        var job = new JobRecord(session.NewId("job"), spec.Grant, spec.Kind, spec, JobState.Queued,
            null, null, backend, session.Actor, session.Time.GetUtcNow(), null, []);
        store.Change(session.Actor, AuditActions.JobSubmit, job.Id, new { grant = spec.Grant, spec.Kind, backend, queries = spec.Queries.Select(q => q.Name), queued = !claim },
            tx =>
            {
                tx.PutJob(job);
                if (claim) tx.PutJobOwner(job.Id, ProcessOwner.Current.Pid, ProcessOwner.Current.Started);
                return 0;
            });
        return job;
    }

    // A job stopped from outside: a cancellation someone asked for, a grant that stopped, or the caller's own.
    private static JobRecord Stopped(SandboxSession session, JobRecord job, JobWatch watch, string? when, JobUsage? usage = null)
    {
        var suffix = when is null ? "" : " " + when;
        return watch.StoppedBy is not { } why
            ? Finish(session, job, JobState.Cancelled, 130, "cancelled by the caller" + suffix, AuditActions.JobCancel, usage)
            : watch.Cancelled
                ? Finish(session, job, JobState.Cancelled, 130, why + suffix, AuditActions.JobCancel, usage)
                : Finish(session, job, JobState.Killed, 137, why, AuditActions.JobKill, usage);
    }

    /// <summary>
    /// Asks the process running job <paramref name="id"/> to cancel it (it stops within a poll of the store: a
    /// quarter of a second). The submitter may cancel a job, and so may the administrator and the governance center.
    /// </summary>
    /// <exception cref="InputException">No such job.</exception>
    /// <exception cref="RefusedException">The job has ended already, or the actor may not cancel it.</exception>
    public static JobRecord Cancel(SandboxSession session, string id)
    {
        var notFound = new LocalMessage("error.no-job", ("field", "ID"), ("id", id));
        var job = session.Store.FindJob(id) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.JobCancel, Resources.Job(session, job), notFound);
        if (job.State is not (JobState.Queued or JobState.Staging or JobState.Running)) throw new ConflictException(new LocalMessage("error.job.ended", ("id", job.Id), ("state", job.State.Name())));
        session.Store.Change(session.Actor, AuditActions.JobCancelRequest, job.Id, new { state = job.State },
            tx => { tx.PutJobCancellation(job.Id, session.Actor); return 0; });
        // A queued job nobody has taken yet is ended here (taking it first, so no worker starts it meanwhile); one a
        // process runs sees the request within a poll.
        if (job.State == JobState.Queued && session.Store.TryClaimJob(job.Id, ProcessOwner.Current.Pid, ProcessOwner.Current.Started))
        {
            return Finish(session, job, JobState.Cancelled, 130, $"cancelled by {session.Actor} while queued", AuditActions.JobCancel);
        }
        return job;
    }

    private static JobRecord Transition(
        SandboxSession session, JobRecord job, JobState state, string action, object detail, Action<IStoreChange>? also = null)
    {
        var next = job with { State = state };
        session.Store.Change(session.Actor, action, job.Id, detail, tx =>
        {
            tx.PutJob(next);
            also?.Invoke(tx);
            return 0;
        });
        return next;
    }

    /// <summary>Ends the job; what it used (when it ran) is metered in the same transaction and named in the audit entry.</summary>
    private static JobRecord Finish(SandboxSession session, JobRecord job, JobState state, int exitCode, string? reason, string action, JobUsage? usage = null)
    {
        var done = job with { State = state, ExitCode = exitCode, Reason = reason, FinishedAt = session.Time.GetUtcNow() };
        session.Store.Change(session.Actor, action, job.Id,
            new { state, exitCode, reason, outputs = done.Outputs.Select(o => new { o.Name, o.Rows, o.Bytes }), usage },
            tx =>
            {
                tx.PutJob(done);
                if (usage is not null) tx.PutJobUsage(job.Id, usage);
                return 0;
            });
        JobSignals.Changed();
        return done;
    }

}
