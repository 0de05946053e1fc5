using Microsoft.Extensions.Logging;

namespace Sandbox.Host.Api;

/// <summary>The API's log events: stable ids, the route's template (never the raw path), never a token or a value.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Method} {Route} {Status} as {Principal} in {ElapsedMs} ms")]
    public static partial void Request(ILogger logger, string method, string route, int status, string principal, long elapsedMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "{Method} {Route} refused: no valid bearer token")]
    public static partial void Unauthenticated(ILogger logger, string method, string route);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Principal} over its rate limit")]
    public static partial void RateLimited(ILogger logger, string principal);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "unexpected failure, incident {Incident}")]
    public static partial void Incident(ILogger logger, string incident);
}
