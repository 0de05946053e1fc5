using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

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

    /// <summary>
    /// Maps the routes, each with the responses it can give: the typed body of each 2xx (the very type its handler
    /// serializes, so the OpenAPI document's schema is the body's shape) and every error as problem details. Every
    /// route can answer 401 (no valid token), 403 (an action the principal may not take), 429 (over its rate limit)
    /// and 500 (an incident); the rest are declared route by route.
    /// </summary>
    public void Map(WebApplication app)
    {
        // Tagged as the application, as a handler declared outside any type is: the handlers' lambdas live in this class.
        var v1 = app.MapGroup("/v1").WithTags(app.Environment.ApplicationName);
        v1.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status500InternalServerError);

        v1.MapGet("/datasets", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiCatalog.Datasets(s)))
            .Produces<List<DatasetBody>>();
        v1.MapGet("/datasets/{name}", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiCatalog.Dataset(s, Id(c, "name", "dataset"))))
            .Produces<DatasetBody>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/grants", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiCatalog.Grants(s)))
            .Produces<List<GrantBody>>();
        v1.MapGet("/grants/{id}", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiCatalog.Grant(s, Id(c, "id", "grant"))))
            .Produces<GrantBody>().ProducesProblem(StatusCodes.Status404NotFound);

        // Jobs: a submission is 202 (queued) unless `?wait=true` asks for the end: 200 succeeded, 422 any other end
        // (a 422 may also be a refusal as problem details: ApiContract adds that to every error response).
        v1.MapGet("/jobs", Task<IResult> (HttpContext context) => Handle(context, ApiJobs.List))
            .Produces<List<JobBody>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithMetadata(new ApiContract.Paged());
        v1.MapPost("/jobs", Task<IResult> (HttpContext context) => HandleAsync(context, (c, s) => ApiJobs.SubmitAsync(c, s, home)))
            .Produces<JobBody>(StatusCodes.Status202Accepted).Produces<JobBody>().Produces<JobBody>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new ApiContract.RequestBody("the job file (YAML), or a tar holding job.yaml and its files", "application/yaml", typeof(string), "application/x-tar", typeof(Stream)));
        v1.MapGet("/jobs/{id}", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiJobs.Show(s, Id(c, "id", "job"))))
            .Produces<JobBody>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/jobs/{id}/logs", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiJobs.Logs(s, Id(c, "id", "job"))))
            .Produces<JobLogsBody>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapGet("/jobs/{id}/progress", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiJobs.Progress(c, s, Id(c, "id", "job"))))
            .Produces<JobProgressBody>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/jobs/{id}/cancel", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiJobs.Cancel(s, Id(c, "id", "job"))))
            .Produces<JobCancelBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // The export gate: a request whose checks fail is 422 with the same report as a pass or a review.
        v1.MapGet("/exports", Task<IResult> (HttpContext context) => Handle(context, ApiExports.List))
            .Produces<List<ExportSummaryBody>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithMetadata(new ApiContract.Paged());
        v1.MapPost("/exports", Task<IResult> (HttpContext context) => HandleAsync(context, ApiExports.RequestAsync))
            .Produces<CheckReportBody>().Produces<CheckReportBody>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithMetadata(new ApiContract.RequestBody("the job and the output to export; mitigate: suppress, round5 or midpoint6", "application/json", typeof(ApiExports.RequestBody)))
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/exports/{id}", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiExports.Show(s, Id(c, "id", "export"))))
            .Produces<ExportBody>().ProducesProblem(StatusCodes.Status404NotFound);
        v1.MapPost("/exports/{id}/reviews", Task<IResult> (HttpContext context) => HandleAsync(context, (c, s) => ApiExports.ReviewAsync(c, s, Id(c, "id", "export"))))
            .Produces<ExportStateBody>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new ApiContract.RequestBody("stage: technical, comprehensive or cross-border; action: approve, return or reject; a note of 1 to 4000 characters", "application/json", typeof(ApiExports.ReviewBody)))
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapPost("/exports/{id}/withdraw", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiExports.Withdraw(s, Id(c, "id", "export"))))
            .Produces<ExportStateBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapPost("/exports/{id}/resubmit", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiExports.Resubmit(s, Id(c, "id", "export"))))
            .Produces<CheckReportBody>().Produces<CheckReportBody>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapPost("/exports/{id}/release", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiExports.Release(s, Id(c, "id", "export"))))
            .Produces<ExportReleaseBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/exports/{id}/bundle", Task<IResult> (HttpContext context) => Handle(context, (c, s) => ApiExports.Bundle(s, Id(c, "id", "export"))))
            .Produces<Stream>(StatusCodes.Status200OK, "application/x-tar")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Supervision, audit, reports and the public key.
        v1.MapGet("/alerts", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiSupervision.Alerts(s)))
            .Produces<List<Store.Alert>>();
        v1.MapPost("/alerts/{id}/ack", Task<IResult> (HttpContext context) => HandleAsync(context, (c, s) => ApiSupervision.AcknowledgeAsync(c, s, Id(c, "id", "alert"))))
            .Produces<Store.Alert>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new ApiContract.RequestBody("how the alert was dealt with (1 to 4000 characters)", "application/json", typeof(ApiSupervision.NoteBody)))
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/audit", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiSupervision.Audit(s)))
            .Produces<List<Store.AuditEntry>>();
        v1.MapGet("/audit/verify", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiSupervision.Verify(s)))
            .Produces<AuditVerifyBody>();
        v1.MapGet("/reports/usage", Task<IResult> (HttpContext context) => Handle(context, ApiReports.Usage))
            .Produces<Reports.UsageReport>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        v1.MapGet("/reports/annual", Task<IResult> (HttpContext context) => Handle(context, ApiReports.Annual))
            .Produces<AnnualReportBody>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        v1.MapGet("/keys", Task<IResult> (HttpContext context) => Handle(context, (_, s) => ApiResults.Json(new KeyBody("ed25519", s.PublicKeyHex))))
            .Produces<KeyBody>();
    }

    /// <summary>A route value that must look like an id; anything else is a resource that does not exist.</summary>
    private static string Id(HttpContext context, string name, string kind)
    {
        var value = context.Request.RouteValues[name]?.ToString() ?? "";
        return IdPattern().IsMatch(value) ? value : throw new NotFoundException(NoSuch(kind));
    }

    // Each kind its own message: the words around the noun differ from language to language.
    private static LocalMessage NoSuch(string kind) => new(kind switch
    {
        "job" => "api.no-such.job",
        "export" => "api.no-such.export",
        "dataset" => "api.no-such.dataset",
        "grant" => "api.no-such.grant",
        "alert" => "api.no-such.alert",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no message for this kind"),
    });

    // Each route's handler is a lambda at its MapGet/MapPost call, the form the request delegate generator compiles
    // ahead of time (the native image has no run-time code generation); on the runtime it is bound as it always was.
    private Task<IResult> Handle(HttpContext context, Func<HttpContext, SandboxSession, IResult> body) =>
        HandleAsync(context, (c, s) => Task.FromResult(body(c, s)));

    /// <summary>Opens the home as the request's principal, runs the handler, and answers domain errors as problems.</summary>
    private async Task<IResult> HandleAsync(HttpContext context, Func<HttpContext, SandboxSession, Task<IResult>> body)
    {
        try
        {
            using var session = SandboxSession.Open(home, (string)context.Items[PrincipalKey]!, time, pooled: true);
            return await body(context, session).ConfigureAwait(false);
        }
        catch (Exception ex) when (ApiResults.IsDomainError(ex))
        {
            return ApiResults.Of(ex, ApiResults.LanguageOf(context));
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own refusals while the body is read: too large (413), cut short (400).
            return ApiResults.Problem(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new LocalMessage("api.body-too-large", ("bytes", ApiServer.MaxBodyBytes)) : new LocalMessage("api.body-unreadable"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The detail stays in the home's incident log; the client gets its id.
            var (id, _) = CrashLog.Write(home, ex, time);
            return ApiResults.Problem(context, StatusCodes.Status500InternalServerError, new LocalMessage("api.incident", ("id", id)));
        }
    }
}
