using Microsoft.Extensions.Logging;

namespace Sandbox.Host.Jobs;

/// <summary>The workers' log events: stable ids; ids, states and counts only, never a query, a value or a path.</summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "workers started: {PerBackend} per backend; {Settled} job(s) of a stopped host settled")]
    public static partial void Started(ILogger logger, int perBackend, int settled);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "job {JobId} taken from the queue for backend {Backend} after {WaitedMs} ms")]
    public static partial void Claimed(ILogger logger, string jobId, string backend, long waitedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "job {JobId} ended {State} in {ElapsedMs} ms")]
    public static partial void Finished(ILogger logger, string jobId, string state, long elapsedMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "job {JobId}: the worker failed, incident {Incident}")]
    public static partial void WorkerFailed(ILogger logger, string jobId, string incident);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "workers stopping: {Running} job(s) running, grace {GraceSeconds} s")]
    public static partial void Stopping(ILogger logger, int running, double graceSeconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "containers a stopped host left: {Count} thing(s) removed or settled")]
    public static partial void ContainersReconciled(ILogger logger, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "the containers a stopped host left were not reconciled ({Reason}); docker jobs run without it")]
    public static partial void ContainersNotReconciled(ILogger logger, string reason);
}
