using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;

namespace Sandbox.Host.Cli;

// `job run|show|logs|wait --server`: the host answers over its API as the token's principal, and the CLI prints what it
// answered as a local command prints the same (`--json`: the API's body), with the same exit codes.
public sealed partial class SandboxCli
{
    /// <summary>How often `job wait --server` asks the host (one request a second: a tenth of a principal's rate limit).</summary>
    private static readonly TimeSpan RemotePoll = TimeSpan.FromSeconds(1);

    /// <summary>How long `job wait --server` waits before asking again when the host says its principal asks too often.</summary>
    private static readonly TimeSpan RemoteBackOff = TimeSpan.FromSeconds(5);

    private static Option<string?> ServerOption(string description) => new("--server") { Description = description };

    /// <summary>The host named by <paramref name="server"/> (or <c>SANDBOX_SERVER</c>), or null to act here; <c>--as</c> is refused beside it.</summary>
    private Uri? RemoteOf(ParseResult parse, Option<string?> server)
    {
        if (RemoteJobRun.ServerOf(parse.GetValue(server), _environment) is not { } host) return null;
        // The token names who acts; an --as beside it would only mislead the reader about it.
        if (parse.GetValue(_as) is not null) throw new InputException(new LocalMessage("cli.job.server-as", ("variable", RemoteJobRun.TokenVariable)));
        return host;
    }

    // `job run --server`: the host runs the job; what it answered is printed as a local run's result is (--json: the API's body).
    private async Task<int> RunOnServer(ParseResult parse, Uri server, string path, string backend, bool wait, CancellationToken ct)
    {
        using var host = RemoteHost.Open(server, _environment, Messages.Current);
        var (job, json) = await RemoteJobRun.SubmitAsync(host, path, backend, wait, SandboxHome.Resolve(parse.GetValue(_home)), ct).ConfigureAwait(false);
        if (Json(parse))
        {
            _out.WriteLine(json);
        }
        else if (job.State == JobState.Queued)
        {
            // Without --wait, as a local run: the id alone on stdout, what happens next on stderr.
            _out.WriteLine(job.Id);
            _err.WriteLine(Messages.Get("cli.job.server-queued", ("id", job.Id)));
        }
        else
        {
            WriteRemoteJob(job);
        }
        // As a local run: queued (no --wait) or succeeded 0, any other end 1.
        return job.State is JobState.Succeeded or JobState.Queued ? 0 : 1;
    }

    // `job show ID --server`: GET /v1/jobs/ID.
    private async Task<int> ShowOnServer(ParseResult parse, Uri server, string id, CancellationToken ct)
    {
        using var host = RemoteHost.Open(server, _environment, Messages.Current);
        var (job, json) = await host.GetAsync<JobBody>(JobAddress(id), Messages.Get("cli.job.not-found", ("id", id)), ct).ConfigureAwait(false);
        if (Json(parse)) _out.WriteLine(json);
        else WriteRemoteJob(job);
        return 0;
    }

    // `job logs ID --server`: GET /v1/jobs/ID/logs — redacted by the host, capped, and its reading audited there.
    private async Task<int> LogsOnServer(ParseResult parse, Uri server, string id, CancellationToken ct)
    {
        using var host = RemoteHost.Open(server, _environment, Messages.Current);
        var (logs, json) = await host.GetAsync<JobLogsBody>(JobAddress(id) + "/logs", Messages.Get("cli.job.not-found", ("id", id)), ct).ConfigureAwait(false);
        if (Json(parse))
        {
            _out.WriteLine(json);
            return 0;
        }
        // The state line needs the job's reason, which the logs' body does not carry: as a local `job logs` prints it.
        var (job, _) = await host.GetAsync<JobBody>(JobAddress(id), Messages.Get("cli.job.not-found", ("id", id)), ct).ConfigureAwait(false);
        _out.WriteLine(job.Reason is null ? Messages.Get("cli.job.logs-state", ("id", logs.Id), ("state", logs.State.Name()))
            : Messages.Get("cli.job.logs-state-reason", ("id", logs.Id), ("state", logs.State.Name()), ("reason", ReasonText.Localize(job.Reason))));
        foreach (var line in logs.Lines) _out.WriteLine($"{line.Stream}: {line.Line}");
        if (logs.Redacted > 0) _out.WriteLine(Messages.Get("cli.job.logs-redacted", ("count", logs.Redacted)));
        if (logs.Truncated) _out.WriteLine(ServerLogsTruncated(logs.LimitBytes));
        return 0;
    }

    /// <summary>
    /// The note under logs the host cut: the host's own cap in KiB (a host from before the body carried it sends 0,
    /// and then the note names no figure).
    /// </summary>
    internal static string ServerLogsTruncated(int limitBytes) => limitBytes > 0
        ? Messages.Get("cli.job.server-logs-truncated", ("kib", Math.Round(limitBytes / 1024.0, 1)))
        : Messages.Get("cli.job.server-logs-truncated-unknown");

    // `job wait ID --server`: the host is asked for the job once a second (the API has no wait for a job it did not
    // just take); each state it enters is a line on stderr, as a local wait's, and the end is printed as `job show`.
    // While the job stages, its staging progress (a table's first materialization, a wait for one another process
    // builds) is read from the host too and shown in the reader's language, and once more when it has moved on, so a
    // staging shorter than a poll shows its lines as well.
    private async Task<int> WaitOnServer(ParseResult parse, Uri server, string id, TimeSpan? timeout, CancellationToken ct)
    {
        using var host = RemoteHost.Open(server, _environment, Messages.Current);
        var notFound = Messages.Get("cli.job.not-found", ("id", id));
        var clock = Stopwatch.StartNew();
        JobState? shown = null;
        long progressAt = 0;
        var drained = false;
        while (true)
        {
            var reply = await host.SendAsync(HttpMethod.Get, JobAddress(id), null, ct).ConfigureAwait(false);
            if (reply.Status == HttpStatusCode.TooManyRequests && shown is not null)
            {
                // The principal's other clients spent its rate: the job goes on all the same, so the wait does.
                await Task.Delay(RemoteBackOff, ct).ConfigureAwait(false);
                continue;
            }
            if (reply.Status != HttpStatusCode.OK || RemoteHost.Read<JobBody>(reply) is not { Id: not null } job)
            {
                throw reply.Status == HttpStatusCode.NotFound ? new NotFoundException(notFound) : host.Refusal(reply);
            }
            var staged = job.State is not (JobState.Queued or JobState.Staging);
            if (job.State != shown && staged && !drained)
            {
                progressAt = await ShowRemoteProgress(host, job.Id, progressAt, ct).ConfigureAwait(false);
                drained = true;
            }
            if (job.State != shown)
            {
                _err.WriteLine(JobProgress.Line(job.Id, job.State, clock.Elapsed));
                shown = job.State;
            }
            if (job.State == JobState.Staging) progressAt = await ShowRemoteProgress(host, job.Id, progressAt, ct).ConfigureAwait(false);
            if (!job.State.IsActive())
            {
                if (Json(parse)) _out.WriteLine(reply.Text);
                else WriteRemoteJob(job);
                return job.State == JobState.Succeeded ? 0 : 1;
            }
            if (timeout is { } limit && clock.Elapsed >= limit) throw new RefusedException(Messages.Get("cli.job.wait-timeout", ("id", job.Id), ("timeout", limit)));
            var pause = timeout is { } until && until - clock.Elapsed < RemotePoll ? until - clock.Elapsed : RemotePoll;
            await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.Zero, ct).ConfigureAwait(false);
        }
    }

    // The staging progress lines after byte `after` of the job's progress file, on stderr in the reader's language;
    // returns where to read on from. Best effort: a host that does not answer (an older one, a spent rate) shows none.
    private async Task<long> ShowRemoteProgress(RemoteHost host, string id, long after, CancellationToken ct)
    {
        var reply = await host.SendAsync(HttpMethod.Get, JobAddress(id) + "/progress?after=" + after.ToString(CultureInfo.InvariantCulture), null, ct).ConfigureAwait(false);
        if (reply.Status != HttpStatusCode.OK || RemoteHost.Read<JobProgressBody>(reply) is not { Lines: not null } progress) return after;
        var catalog = MessageCatalog.Of(Messages.Current);
        foreach (var line in progress.Lines)
        {
            // A message this build does not know (a newer host's) is shown as the host rendered it.
            _err.WriteLine(catalog.Find(line.Message) is null ? line.Text
                : Staging.StagingProgressReader.Render(new Staging.StagingProgressFile.Line(line.Message, new Dictionary<string, string>(line.Args, StringComparer.Ordinal))));
        }
        return progress.Next;
    }

    private static string JobAddress(string id) => "v1/jobs/" + Uri.EscapeDataString(id);

    // A job as the host shows it: as a local job is printed, its outputs kept by the host (names and sizes, no path).
    private void WriteRemoteJob(JobBody job)
    {
        _out.WriteLine(Messages.Get("cli.job.summary", ("id", job.Id), ("state", job.State.Name()),
            ("exit", job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"), ("backend", job.Backend), ("grant", job.Grant)));
        if (job.Reason is { } reason) _out.WriteLine(Messages.Get("cli.job.reason", ("reason", ReasonText.Localize(reason))));
        foreach (var o in job.Outputs) _out.WriteLine(Messages.Get("cli.job.server-output", ("name", o.Name), ("rows", o.Rows), ("bytes", o.Bytes)));
        if (job.Usage is { } u)
        {
            var usage = new JobUsage(u.Attribution, (long)Math.Round(u.WallSeconds * 1000), u.CpuSeconds is { } cpu ? (long)Math.Round(cpu * 1000) : null,
                u.PeakMemoryBytes, u.ReadBytes, u.WrittenBytes);
            _out.WriteLine(Messages.Get("cli.job.usage", ("usage", Reports.UsageText.Of(usage))));
        }
    }
}
