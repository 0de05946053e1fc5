using Sandbox.Contracts.Jobs;
using Sandbox.Host.Store;

namespace Sandbox.Host.Api.Bodies;

// The API's answers are typed records: the OpenAPI document's schemas come from these very types, and the handlers
// serialize these types, so the document cannot describe one shape while a route sends another. Small records of one
// feature share a file.

/// <summary>A job over the API (the keys of `job show --json`): its outputs as names and sizes, never a server path.</summary>
internal sealed record JobBody(
    string Id, JobState State, int? ExitCode, string? Reason, IReadOnlyList<JobOutputBody> Outputs, string Grant, string Kind,
    string Backend, string SubmittedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, JobUsageBody? Usage)
{
    /// <summary>The API's view of <paramref name="job"/>; <paramref name="home"/> is hidden from its reason.</summary>
    public static JobBody Of(JobRecord job, string home, JobUsage? usage = null) => new(
        job.Id, job.State, job.ExitCode, job.Reason?.Replace(home, "$SANDBOX_HOME", StringComparison.Ordinal),
        [.. job.Outputs.Select(o => new JobOutputBody(o.Name, o.Rows, o.Bytes))], job.GrantId, job.Kind, job.Backend,
        job.SubmittedBy, job.CreatedAt, job.FinishedAt, usage is null ? null : JobUsageBody.Of(usage));
}

/// <summary>One output of a job: its name, rows and bytes.</summary>
internal sealed record JobOutputBody(string Name, long Rows, long Bytes);

/// <summary>What a job used; a figure is null where its backend does not measure it.</summary>
internal sealed record JobUsageBody(
    string Attribution, double WallSeconds, double? CpuSeconds, long? PeakMemoryBytes, long? ReadBytes, long? WrittenBytes)
{
    public static JobUsageBody Of(JobUsage usage) => new(
        usage.Attribution, usage.WallMilliseconds / 1000.0, usage.CpuMilliseconds / 1000.0, usage.PeakMemoryBytes, usage.ReadBytes, usage.WrittenBytes);
}

/// <summary>
/// A job's logs as shown over the API: redacted lines, capped at <paramref name="LimitBytes"/> (UTF-8 bytes of the
/// lines shown, stdout then stderr); <paramref name="Truncated"/> when the cap left lines out.
/// </summary>
internal sealed record JobLogsBody(string Id, JobState State, IReadOnlyList<JobLogLine> Lines, int Redacted, bool Truncated, int LimitBytes);

/// <summary>One line of a job's logs and the stream it came from (<c>stdout</c> or <c>stderr</c>).</summary>
internal sealed record JobLogLine(string Stream, string Line);

/// <summary>
/// A job's staging progress (a table's first materialization, a wait for a table another process builds) from byte
/// <c>after</c> of its progress file on; <paramref name="Next"/> is where the next read goes on from.
/// </summary>
internal sealed record JobProgressBody(string Id, JobState State, IReadOnlyList<JobProgressLine> Lines, long Next);

/// <summary>
/// One progress line: its message id and arguments (table names, row counts, seconds; never a data value), for a
/// client to render in its own language, and <paramref name="Text"/>, the line in the request's language.
/// </summary>
internal sealed record JobProgressLine(string Message, IReadOnlyDictionary<string, string> Args, string Text);

/// <summary>The answer to a cancellation: the job's state when it was asked.</summary>
internal sealed record JobCancelBody(string Id, JobState State, bool CancelRequested);
