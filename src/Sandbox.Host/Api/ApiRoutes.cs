using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>
/// The API's routes. Each handler opens the home as the token's principal, validates its route values (an id that
/// does not match its pattern is answered as a resource that does not exist, without echoing it) and calls a
/// service; the authorizer inside the service decides.
/// </summary>
internal sealed partial class ApiRoutes(SandboxHome home, TimeProvider time)
{
    /// <summary>Where the authentication step leaves the principal's id.</summary>
    public const string PrincipalKey = "sandbox.principal";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();

    public void Map(WebApplication app)
    {
        app.MapGet("/v1/datasets", Handle((_, s) => ApiCatalog.Datasets(s)));
        app.MapGet("/v1/datasets/{name}", Handle((c, s) => ApiCatalog.Dataset(s, Id(c, "name", "dataset"))));
        app.MapGet("/v1/grants", Handle((_, s) => ApiCatalog.Grants(s)));
        app.MapGet("/v1/grants/{id}", Handle((c, s) => ApiCatalog.Grant(s, Id(c, "id", "grant"))));
        app.MapGet("/v1/jobs", Handle(ApiJobs.List));
        app.MapPost("/v1/jobs", HandleAsync((c, s) => ApiJobs.SubmitAsync(c, s, home)));
        app.MapGet("/v1/jobs/{id}", Handle((c, s) => ApiJobs.Show(s, Id(c, "id", "job"))));
        app.MapGet("/v1/jobs/{id}/logs", Handle((c, s) => ApiJobs.Logs(s, Id(c, "id", "job"))));
        app.MapPost("/v1/jobs/{id}/cancel", Handle((c, s) => ApiJobs.Cancel(s, Id(c, "id", "job"))));
        app.MapGet("/v1/exports", Handle(ApiExports.List));
        app.MapPost("/v1/exports", HandleAsync(ApiExports.RequestAsync));
        app.MapGet("/v1/exports/{id}", Handle((c, s) => ApiExports.Show(s, Id(c, "id", "export"))));
        app.MapPost("/v1/exports/{id}/reviews", HandleAsync((c, s) => ApiExports.ReviewAsync(c, s, Id(c, "id", "export"))));
        app.MapPost("/v1/exports/{id}/withdraw", Handle((c, s) => ApiExports.Withdraw(s, Id(c, "id", "export"))));
        app.MapPost("/v1/exports/{id}/resubmit", Handle((c, s) => ApiExports.Resubmit(s, Id(c, "id", "export"))));
        app.MapPost("/v1/exports/{id}/release", Handle((c, s) => ApiExports.Release(s, Id(c, "id", "export"))));
        app.MapGet("/v1/exports/{id}/bundle", Handle((c, s) => ApiExports.Bundle(s, Id(c, "id", "export"))));
        app.MapGet("/v1/alerts", Handle((_, s) => ApiSupervision.Alerts(s)));
        app.MapPost("/v1/alerts/{id}/ack", HandleAsync((c, s) => ApiSupervision.AcknowledgeAsync(c, s, Id(c, "id", "alert"))));
        app.MapGet("/v1/audit", Handle((_, s) => ApiSupervision.Audit(s)));
        app.MapGet("/v1/audit/verify", Handle((_, s) => ApiSupervision.Verify(s)));
        app.MapGet("/v1/reports/usage", Handle(ApiReports.Usage));
        app.MapGet("/v1/reports/annual", Handle(ApiReports.Annual));
        app.MapGet("/v1/keys", Handle((_, s) => ApiResults.Json(new { algorithm = "ed25519", publicKey = s.PublicKeyHex })));
    }

    /// <summary>A route value that must look like an id; anything else is a resource that does not exist.</summary>
    private static string Id(HttpContext context, string name, string kind)
    {
        var value = context.Request.RouteValues[name]?.ToString() ?? "";
        return IdPattern().IsMatch(value) ? value : throw new NotFoundException($"no such {kind}");
    }

    private Func<HttpContext, Task<IResult>> Handle(Func<HttpContext, SandboxSession, IResult> body) =>
        HandleAsync((c, s) => Task.FromResult(body(c, s)));

    /// <summary>Opens the home as the request's principal, runs the handler, and answers domain errors as problems.</summary>
    private Func<HttpContext, Task<IResult>> HandleAsync(Func<HttpContext, SandboxSession, Task<IResult>> body) => async context =>
    {
        try
        {
            using var session = SandboxSession.Open(home, (string)context.Items[PrincipalKey]!, time);
            return await body(context, session).ConfigureAwait(false);
        }
        catch (Exception ex) when (ApiResults.IsDomainError(ex))
        {
            return ApiResults.Of(ex);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own refusals while the body is read: too large (413), cut short (400).
            return ApiResults.Problem(ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"the request body is larger than {ApiServer.MaxBodyBytes} bytes" : "the request body could not be read");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The detail stays in the home's incident log; the client gets its id.
            var (id, _) = CrashLog.Write(home, ex, time);
            return ApiResults.Problem(StatusCodes.Status500InternalServerError, $"unexpected failure (incident {id})");
        }
    };
}
