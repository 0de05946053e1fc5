using Microsoft.AspNetCore.Http;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Access;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Jobs.Submissions;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Api;

/// <summary>Jobs over the API: submit, list, show, cancel, logs — states and metadata, never rows.</summary>
internal static class ApiJobs
{
    /// <summary>At most this much of a job's logs is shown over the API.</summary>
    public const int MaxLogBytes = 64 * 1024;

    /// <summary>The jobs the principal may see, filtered by <c>state</c>, <c>grant</c> and <c>since</c>, paged.</summary>
    public static IResult List(HttpContext context, SandboxSession session)
    {
        var (state, grant, since) = (ApiPaging.Filter(context, "state"), ApiPaging.Filter(context, "grant"), ApiPaging.Since(context));
        var jobs = session.Store.ListJobs()
            .Where(j => (state is null || j.State.Name() == state) && (grant is null || j.GrantId == grant) && (since is null || j.CreatedAt >= since))
            .Where(j => session.Can(AccessAction.JobView, Resources.Job(session, j))).ToList();
        return ApiResults.Json(ApiPaging.Page(context, jobs).Select(j => View(j, session.Home)).ToList());
    }

    public static IResult Show(SandboxSession session, string id)
    {
        var job = Find(session, id, AccessAction.JobView);
        return ApiResults.Json(View(job, session.Home, session.Store.FindJobUsage(job.Id)));
    }

    public static IResult Cancel(SandboxSession session, string id)
    {
        var job = JobService.Cancel(session, id);
        return ApiResults.Json(new JobCancelBody(job.Id, job.State, CancelRequested: true));
    }

    /// <summary>
    /// A job's logs are an exit channel: capped, every line redacted of detected personal data, and the reading audited.
    /// The cap is on the lines shown, stdout first and then stderr; the body says what it was.
    /// </summary>
    public static IResult Logs(SandboxSession session, string id)
    {
        var job = Find(session, id, AccessAction.JobLogs);
        var directory = session.Home.JobLogsOf(job.Id);
        var lines = new List<JobLogLine>();
        int bytes = 0, redacted = 0;
        var truncated = false;
        foreach (var (stream, path) in new[] { ("stdout", LogCapture.StdoutPath(directory)), ("stderr", LogCapture.StderrPath(directory)) })
        {
            // The cap ends the reading of both streams: once stdout has filled it, stderr is not read at all — said
            // here, not left to the count that the line which did not fit pushed past the cap.
            if (truncated) break;
            if (!File.Exists(path)) continue;
            foreach (var line in File.ReadLines(path))
            {
                var (shown, count) = LogRedactor.Redact(line);
                bytes += System.Text.Encoding.UTF8.GetByteCount(shown);
                if (bytes > MaxLogBytes)
                {
                    truncated = true;
                    break;
                }
                redacted += count;
                lines.Add(new JobLogLine(stream, shown));
            }
        }
        session.Store.Record(session.Actor, AuditActions.JobLogsRead, job.Id, new { via = "api", lines = lines.Count, redacted, truncated });
        return ApiResults.Json(new JobLogsBody(job.Id, job.State, lines, redacted, truncated, MaxLogBytes));
    }

    /// <summary>
    /// A job's staging progress from byte <c>after</c> of its progress file on (<c>job wait --server</c> follows it): ids,
    /// arguments and the text in the request's language. Read by whoever may see the job; not audited (no data value,
    /// no log line of the job's own).
    /// </summary>
    public static IResult Progress(HttpContext context, SandboxSession session, string id)
    {
        var after = ApiPaging.Offset(context, "after");
        var job = Find(session, id, AccessAction.JobView);
        var (lines, next) = Staging.StagingProgressReader.Read(Staging.StagingProgressFile.PathOf(session.Home, job.Id), after);
        var catalog = MessageCatalog.Of(ApiResults.LanguageOf(context) ?? UiLanguage.English);
        return ApiResults.Json(new JobProgressBody(job.Id, job.State,
            [.. lines.Select(l => new JobProgressLine(l.Id, l.Args, Staging.StagingProgressReader.Render(l, catalog)))], next));
    }

    /// <summary>
    /// Stores the job file (the body, YAML) in a folder of its own under the home's <c>submitted/</c> and runs it as the
    /// principal. Its <c>files:</c> can name only that folder.
    /// </summary>
    public static async Task<IResult> SubmitAsync(HttpContext context, SandboxSession session, SandboxHome home)
    {
        var directory = Path.Combine(home.SubmittedDirectory, session.NewId("sub"));
        var path = Path.Combine(directory, "job.yaml");
        if (context.Request.ContentType?.StartsWith("application/x-tar", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A job's code may be larger than a request body elsewhere; the unpacker enforces the job-files limits.
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = SubmissionLimits.Default.MaxBytes + (1 << 20);
            }
            // A job with its files: job.yaml and what `files:` names, unpacked with the same checks as a job folder.
            var names = await SubmissionArchive.UnpackAsync(context.Request.Body, directory, label: "job.tar", cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (!names.Contains("job.yaml", StringComparer.Ordinal))
            {
                // Refused whole: nothing of the archive is kept.
                Directory.Delete(directory, recursive: true);
                throw new InputException(new LocalMessage("error.tar.no-job-file", ("label", "job.tar")));
            }
        }
        else
        {
            Directory.CreateDirectory(directory);
            await using var file = File.Create(path);
            await context.Request.Body.CopyToAsync(file, context.RequestAborted).ConfigureAwait(false);
        }
        var backend = ApiPaging.Filter(context, "backend") ?? "inprocess";
        if (backend is not ("inprocess" or "docker")) throw new InputException(new LocalMessage("api.backend", ("value", backend)));
        JobRecord job;
        try
        {
            Sandbox.Runner.Timing.PhaseClock.Begin();
            job = JobService.Enqueue(session, path, backend);
            Sandbox.Runner.Timing.PhaseClock.Mark("api enqueued");
        }
        // Errors name the job file; over the API that is the body, never the server's path.
        catch (InputException ex) when (ex.Errors.Count > 0) { throw InputException.Of([.. ex.Errors.Select(e => e with { File = e.File.Replace(path, "job.yaml", StringComparison.Ordinal) })]); }
        catch (InputException ex) when (Renamed(ex.Localized, ex.Message, path) is { } m) { throw new InputException(m); }
        catch (InputException ex) { throw new InputException(ex.Message.Replace(path, "job.yaml", StringComparison.Ordinal)); }
        catch (NotFoundException ex) when (Renamed(ex.Localized, ex.Message, path) is { } m) { throw new NotFoundException(m); }
        catch (NotFoundException ex) { throw new NotFoundException(ex.Message.Replace(path, "job.yaml", StringComparison.Ordinal)); }

        // Queued: the host's workers run it. 202 with where to look, unless the client asked to wait for the end.
        context.Response.Headers.Location = $"/v1/jobs/{job.Id}";
        if (ApiPaging.Filter(context, "wait") != "true") return ApiResults.Json(View(job, home), StatusCodes.Status202Accepted);
        // Every change to the queue wakes every waiter: each looks at its job's state alone, and reads the whole record once it has ended.
        while (true)
        {
            var changed = JobSignals.Next;
            if (session.Store.FindJobState(job.Id) is not { } state || !state.IsActive()) break;
            await JobSignals.WaitAsync(changed, TimeSpan.FromMilliseconds(50), context.RequestAborted).ConfigureAwait(false);
        }
        job = session.Store.FindJob(job.Id)!;
        Sandbox.Runner.Timing.PhaseClock.Mark("api waited");
        return ApiResults.Json(View(job, home, session.Store.FindJobUsage(job.Id)), job.State == JobState.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>
    /// A message by id with the server's path of the job file named job.yaml, so it can still be said in the client's
    /// language; null (then English only) unless its English is exactly the renamed <paramref name="english"/>, so no
    /// argument left unrenamed can carry the path out.
    /// </summary>
    private static LocalMessage? Renamed(LocalMessage? message, string english, string path)
    {
        if (message is null) return null;
        var renamed = Rename(message, path);
        return renamed.ToString() == english.Replace(path, "job.yaml", StringComparison.Ordinal) ? renamed : null;

        static LocalMessage Rename(LocalMessage m, string path) => m with
        {
            Args = [.. m.Args.Select(a => a.Value switch
            {
                string s => (a.Name, (object?)s.Replace(path, "job.yaml", StringComparison.Ordinal)),
                LocalMessage nested => (a.Name, Rename(nested, path)),
                _ => a,
            })],
        };
    }

    private static JobRecord Find(SandboxSession session, string id, AccessAction action)
    {
        var notFound = new LocalMessage("api.no-job", ("id", id));
        var job = session.Store.FindJob(id) ?? throw new NotFoundException(notFound);
        session.Authorize(action, Resources.Job(session, job), notFound);
        return job;
    }

    // Outputs stay in the domain: names, rows and sizes only; no server path, not even in a reason.
    private static JobBody View(JobRecord j, SandboxHome home, JobUsage? usage = null) => JobBody.Of(j, home.Root, usage);
}
