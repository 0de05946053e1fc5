using System.CommandLine;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Access;
using Sandbox.Host.Backends;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Cli;

public sealed partial class SandboxCli
{
    private Command JobCommand()
    {
        var file = new Argument<string>("JOB.yaml");
        var wait = new Option<bool>("--wait") { Description = "Run the job here and wait for its end, then print it (exit 0 if it succeeded, 1 otherwise)" };
        var backend = new Option<string>("--backend") { Description = "inprocess (SQL, embedded default) or docker", DefaultValueFactory = _ => "inprocess" };
        var detach = new Option<bool>("--detach") { Description = "Only queue the job and return its id: no worker of its own, a running `sandbox serve` runs it" };
        var dummy = new Option<string?>("--dummy") { Description = "Run the job file on a dummy workspace (`sandbox dummy`) instead: offline, nothing recorded" };
        var dummyOut = new Option<string?>("--out") { Description = "With --dummy: the folder for the outputs (default DIR/runs/<time>)" };
        var progress = new Option<bool>("--progress") { Description = "With --wait: show each state the job enters on stderr as it runs (the default when stderr is a terminal)" };
        var server = new Option<string?>("--server") { Description = "Send the job file to a running host (`sandbox serve`, its URL; default $SANDBOX_SERVER) as the operator of the token in $SANDBOX_TOKEN, instead of running it here" };
        var run = new Command("run", "Submit a job: the policy decision now, then queued and run by a worker of its own (--wait: run here to its end)") { file, wait, backend, detach, dummy, dummyOut, progress, server };
        run.SetAction(Guard(async (parse, ct) =>
        {
            if (parse.GetValue(dummy) is { } dummyDirectory)
            {
                if (parse.GetValue(detach)) throw new InputException(new LocalMessage("cli.job.dummy-detach"));
                return RunOnDummy(parse, dummyDirectory, parse.GetValue(file)!, parse.GetValue(dummyOut), ct);
            }
            if (parse.GetValue(dummyOut) is not null) throw new InputException(new LocalMessage("cli.job.out-without-dummy"));
            if (RemoteOf(parse, server) is { } host)
            {
                if (parse.GetValue(detach)) throw new InputException(new LocalMessage("cli.job.server-detach"));
                return await RunOnServer(parse, host, parse.GetValue(file)!, parse.GetValue(backend)!, parse.GetValue(wait), ct).ConfigureAwait(false);
            }
            Sandbox.Runner.Timing.PhaseClock.Mark("cli");
            // The job's SQL is parsed by DuckDB: its parser opens, and the job file is read and parsed, while the
            // session opens (its errors are told after the home's, as they were when it was read after).
            Sandbox.Policy.Queries.SqlStatement.PrepareParser();
            var reading = parse.GetValue(wait) && !parse.GetValue(detach) ? Task.Run(() => JobService.Read(parse.GetValue(file)!), CancellationToken.None) : null;
            using var session = Open(parse);
            Sandbox.Runner.Timing.PhaseClock.Mark("session open");
            if (parse.GetValue(detach))
            {
                var queued = JobService.Enqueue(session, parse.GetValue(file)!, parse.GetValue(backend)!);
                _out.WriteLine(Json(parse) ? Jsons.Serialize(JobJson(queued)) : queued.Id);
                return 0;
            }
            // Without --wait: decided now, queued, and run by a detached worker process; a refusal is recorded and shown as --wait does.
            if (!parse.GetValue(wait) && Admitted(session, parse.GetValue(file)!))
            {
                if (await Backend(parse.GetValue(backend)!, session, ct).ConfigureAwait(false) is IDisposable engine) engine.Dispose();
                var queued = JobService.Enqueue(session, parse.GetValue(file)!, parse.GetValue(backend)!);
                DetachedWorker.Start(session.Home, queued.Id);
                _out.WriteLine(Json(parse) ? Jsons.Serialize(JobJson(queued)) : queued.Id);
                _err.WriteLine(Messages.Get("cli.job.run-queued", ("id", queued.Id)));
                return 0;
            }
            // Inprocess jobs whose process is gone can never end by themselves: they are recorded as failed first.
            foreach (var line in JobReconciler.Reconcile(session)) _err.WriteLine(Messages.Get("cli.job.reconciled", ("line", line)));
            Sandbox.Runner.Timing.PhaseClock.Mark("reconcile");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // While the job stages, a table's first materialization shows its progress too (read from its progress file).
            StagingProgressFollower? staging = null;
            Action<JobRecord>? changed = parse.GetValue(progress) || (ReferenceEquals(_err, System.Console.Error) && !System.Console.IsErrorRedirected)
                ? j =>
                {
                    staging?.Dispose();
                    staging = null;
                    _err.WriteLine(JobProgress.Line(j, clock.Elapsed));
                    if (j.State == JobState.Staging) staging = new StagingProgressFollower(Staging.StagingProgressFile.PathOf(session.Home, j.Id), _err);
                }
            : null;
            JobRecord job;
            try
            {
                job = await JobService.RunAsync(session, parse.GetValue(file)!, await Backend(parse.GetValue(backend)!, session, ct).ConfigureAwait(false), ct,
                    changed: changed, read: reading is null ? null : await reading.ConfigureAwait(false)).ConfigureAwait(false);
            }
            finally
            {
                staging?.Dispose();
            }
            changed?.Invoke(job);
            WriteJob(parse, job, session.Store.FindJobUsage(job.Id));
            Sandbox.Runner.Timing.PhaseClock.Mark("written");
            return job.State == JobState.Succeeded ? 0 : 1;
        }));

        var checkFile = new Argument<string>("JOB.yaml") { Description = "The job file to decide on" };
        var check = new Command("check", "The admission decision for a job file (grant, training, column rules, consent, masking) without running or recording it") { checkFile };
        check.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var (decision, tables) = JobService.Check(session, parse.GetValue(checkFile)!);
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(new
                {
                    admitted = decision.Allowed,
                    reasons = decision.Reasons,
                    tables = tables.Select(t => new { name = t.Dataset.Name, columns = t.Columns.Select(c => new { name = c.Column, c.Level, technique = c.Rule.Technique }) }),
                }));
            }
            else if (decision.Allowed)
            {
                _out.WriteLine(Messages.Get("cli.job.check-admitted"));
                foreach (var t in tables) _out.WriteLine($"  {t.Dataset.Name}: {string.Join(", ", t.Columns.Select(c => c.Level >= 3 ? $"{c.Column} ({c.Rule.Technique})" : c.Column))}");
            }
            else
            {
                _out.WriteLine(Messages.Get("cli.job.check-refused"));
                foreach (var reason in decision.Reasons) _out.WriteLine($"  {ReasonText.Localize(reason)}");
            }
            return decision.Allowed ? 0 : 1;
        }));

        var id = new Argument<string>("ID");
        var showServer = ServerOption("Ask a running host (`sandbox serve`, its URL; default $SANDBOX_SERVER) as the principal of the token in $SANDBOX_TOKEN, instead of this home");
        var show = new Command("show", "Show a job") { id, showServer };
        show.SetAction(Guard(async (parse, ct) =>
        {
            if (RemoteOf(parse, showServer) is { } host) return await ShowOnServer(parse, host, parse.GetValue(id)!, ct).ConfigureAwait(false);
            using var session = Open(parse);
            var job = FindJob(session, parse.GetValue(id)!);
            WriteJob(parse, job, session.Store.FindJobUsage(job.Id));
            return 0;
        }));

        var state = new Option<string?>("--state") { Description = "Only jobs in this state (queued, staging, running, succeeded, failed, killed, cancelled)" };
        state.AcceptOnlyFromAmong([.. JobStates.Vocabulary.Names]);
        var grant = new Option<string?>("--grant") { Description = "Only jobs under this grant" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only jobs submitted at or after this time (ISO 8601)" };
        var list = new Command("list", "List the jobs you may see") { state, grant, since };
        list.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var (wanted, under, after) = (parse.GetValue(state), parse.GetValue(grant), parse.GetValue(since));
            var jobs = session.Store.ListJobs()
                .Where(j => (wanted is null || j.State.Name() == wanted) && (under is null || j.GrantId == under) && (after is null || j.CreatedAt >= after))
                .Where(j => session.Can(AccessAction.JobView, Resources.Job(session, j))).ToList();
            if (Json(parse)) _out.WriteLine(Jsons.Serialize(jobs.Select(JobJson)));
            else TextTable.Write(_out, Headers("job", "state", "grant", "backend", "submitted-by", "created"),
                jobs.Select(j => new[] { j.Id, j.State.Name(), j.GrantId, j.Backend, j.SubmittedBy, j.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) }));
            return 0;
        }));

        var logsId = new Argument<string>("ID");
        var logsServer = ServerOption("Ask a running host (`sandbox serve`, its URL; default $SANDBOX_SERVER) as the principal of the token in $SANDBOX_TOKEN, instead of this home");
        var logs = new Command("logs", "Show a job's logs (scanned before an operator sees them)") { logsId, logsServer };
        logs.SetAction(Guard(async (parse, ct) =>
        {
            if (RemoteOf(parse, logsServer) is { } host) return await LogsOnServer(parse, host, parse.GetValue(logsId)!, ct).ConfigureAwait(false);
            using var session = Open(parse);
            var job = FindJob(session, parse.GetValue(logsId)!, AccessAction.JobLogs);
            // Logs are outputs too: every line is scanned and detected personal data redacted before it is shown.
            var directory = session.Home.JobLogsOf(job.Id);
            var redacted = 0;
            var lines = new List<(string Stream, string Line)>();
            foreach (var (stream, path) in new[] { ("stdout", LogCapture.StdoutPath(directory)), ("stderr", LogCapture.StderrPath(directory)) })
            {
                if (!File.Exists(path)) continue;
                foreach (var line in File.ReadLines(path))
                {
                    var (shown, count) = LogRedactor.Redact(line);
                    redacted += count;
                    lines.Add((stream, shown));
                }
            }
            if (Json(parse))
            {
                _out.WriteLine(Jsons.Serialize(new { id = job.Id, state = job.State, reason = job.Reason, lines = lines.Select(l => new { stream = l.Stream, line = l.Line }), redacted }));
                return 0;
            }
            _out.WriteLine(job.Reason is null ? Messages.Get("cli.job.logs-state", ("id", job.Id), ("state", job.State.Name()))
                : Messages.Get("cli.job.logs-state-reason", ("id", job.Id), ("state", job.State.Name()), ("reason", ReasonText.Localize(job.Reason))));
            foreach (var (stream, line) in lines) _out.WriteLine($"{stream}: {line}");
            if (redacted > 0) _out.WriteLine(Messages.Get("cli.job.logs-redacted", ("count", redacted)));
            return 0;
        }));

        var cancelId = new Argument<string>("ID");
        var cancel = new Command("cancel", "Cancel a queued or running job") { cancelId };
        cancel.SetAction(Guard(parse =>
        {
            using var session = Open(parse);
            var job = JobService.Cancel(session, parse.GetValue(cancelId)!);
            _out.WriteLine(Json(parse)
                ? Jsons.Serialize(new { id = job.Id, state = job.State, cancelRequested = true })
                : Messages.Get("cli.job.cancel-asked", ("id", job.Id), ("state", job.State.Name())));
            return 0;
        }));

        var waitId = new Argument<string>("ID");
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Give up waiting after this long (hh:mm:ss); the job goes on" };
        var waitServer = ServerOption("Follow the job on a running host (`sandbox serve`, its URL; default $SANDBOX_SERVER) as the principal of the token in $SANDBOX_TOKEN, instead of this home");
        var waitFor = new Command("wait", "Wait for a job to end (one `job run` queued, or --detach, or the API), showing its progress") { waitId, timeout, waitServer };
        waitFor.SetAction(Guard(async (parse, ct) =>
        {
            if (RemoteOf(parse, waitServer) is { } host) return await WaitOnServer(parse, host, parse.GetValue(waitId)!, parse.GetValue(timeout), ct).ConfigureAwait(false);
            using var session = Open(parse);
            var job = FindJob(session, parse.GetValue(waitId)!);
            // A job whose process is gone never ends by itself: the wait ends it (failed), or, when it had not started
            // running, puts it back in the queue and starts a worker for it, as `job run` did.
            void Settle()
            {
                var owned = session.Store.ListActiveJobs().Any(a => a.Job.Id == job.Id && a.Pid is not null);
                foreach (var line in JobReconciler.Reconcile(session)) _err.WriteLine(Messages.Get("cli.job.reconciled", ("line", line)));
                var now = session.Store.ListActiveJobs().FirstOrDefault(a => a.Job.Id == job.Id);
                if (owned && now.Job is { State: JobState.Queued } && now.Pid is null) DetachedWorker.Start(session.Home, job.Id);
            }
            var ended = await JobProgress.WaitAsync(session.Store, job, _err, parse.GetValue(timeout), ct, Settle, Staging.StagingProgressFile.PathOf(session.Home, job.Id)).ConfigureAwait(false);
            if (ended is null) throw new RefusedException(Messages.Get("cli.job.wait-timeout", ("id", job.Id), ("timeout", parse.GetValue(timeout))));
            WriteJob(parse, ended, session.Store.FindJobUsage(ended.Id));
            return ended.State == JobState.Succeeded ? 0 : 1;
        }));

        var workId = new Argument<string>("ID");
        var work = new Command("work", "Run one queued job to its end (the worker `job run` starts)") { workId };
        work.Hidden = true;
        work.SetAction(Guard(async (parse, ct) =>
        {
            using var workers = new JobWorkers(SandboxHome.Resolve(parse.GetValue(_home)), _time);
            var ran = await workers.RunQueuedAsync(parse.GetValue(workId)!, ct).ConfigureAwait(false);
            _out.WriteLine(Messages.Get(ran ? "cli.job.work-ran" : "cli.job.work-skipped", ("id", parse.GetValue(workId)!)));
            return 0;
        }));

        var command = new Command("job", "Analysis jobs");
        foreach (var c in new[] { run, check, show, list, logs, cancel, waitFor, work }) command.Subcommands.Add(c);
        return command;
    }

    /// <summary>
    /// True when the job file would be admitted now; false for a refusal, including a grant the actor may not use
    /// (which the run that follows records and answers as it always has).
    /// </summary>
    private static bool Admitted(SandboxSession session, string file)
    {
        try
        {
            return JobService.Check(session, file).Decision.Allowed;
        }
        catch (Exception ex) when (ex is NotFoundException or RefusedException)
        {
            return false;
        }
    }

    private static IJobBackend Backend(string name) => Backend(name, null, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The backend; a docker engine that does not answer is a one-line refusal naming its socket.</summary>
    private static async Task<IJobBackend> Backend(string name, SandboxSession? session, CancellationToken cancellationToken)
    {
        try
        {
            return await BackendFactory.CreateAsync(name, session, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerUnavailableException ex)
        {
            throw new RefusedException(ex.Message);
        }
    }

    /// <summary>The job, if the actor may <paramref name="action"/> it; one it may not see is answered as missing.</summary>
    private static JobRecord FindJob(SandboxSession session, string id, AccessAction action = AccessAction.JobView)
    {
        var notFound = new LocalMessage("cli.job.not-found", ("id", id));
        var job = session.Store.FindJob(id) ?? throw new NotFoundException(notFound);
        session.Authorize(action, Resources.Job(session, job), notFound);
        return job;
    }

    private static object JobJson(JobRecord j) => JobView.Of(j);

    private void WriteJob(ParseResult parse, JobRecord job, JobUsage? usage = null)
    {
        if (Json(parse))
        {
            _out.WriteLine(Jsons.Serialize(JobView.Of(job, usage)));
            return;
        }
        _out.WriteLine(Messages.Get("cli.job.summary", ("id", job.Id), ("state", job.State.Name()),
            ("exit", job.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"), ("backend", job.Backend), ("grant", job.GrantId)));
        // The stored reason is English; a policy refusal is read back into the reader's language, any other shown as recorded.
        if (job.Reason is not null) _out.WriteLine(Messages.Get("cli.job.reason", ("reason", ReasonText.Localize(job.Reason))));
        foreach (var o in job.Outputs) _out.WriteLine(Messages.Get("cli.job.output", ("name", o.Name), ("rows", o.Rows), ("bytes", o.Bytes), ("path", o.Path)));
        if (usage is not null) _out.WriteLine(Messages.Get("cli.job.usage", ("usage", Sandbox.Host.Reports.UsageText.Of(usage))));
    }
}
