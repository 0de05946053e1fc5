using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Host.Cli;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>
/// `sandbox serve`: the HTTP API. Each request authenticates a bearer token to a principal and runs the very
/// command the CLI would run, as that principal — the same policy decisions, the same audit entries, the same
/// JSON contracts. Exit codes map to statuses: 0 → 200, 1 (refused/failed) → 422, 2 (bad input) → 400.
/// </summary>
public sealed class ApiServer(SandboxHome home, TimeProvider time)
{
    /// <summary>Builds the server on <paramref name="urls"/> (e.g. http://127.0.0.1:5080; port 0 picks a free one).</summary>
    public WebApplication Build(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var tokens = ApiTokens.Of(home);

        // 1. Authentication: every route needs a token; the principal it names acts.
        app.Use(async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var principal = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.PrincipalOf(header[7..].Trim()) : null;
            if (principal is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsJsonAsync(new { error = "a valid bearer token is required (sandbox token issue PRINCIPAL)" }).ConfigureAwait(false);
                return;
            }
            context.Items["principal"] = principal;
            await next(context).ConfigureAwait(false);
        });

        // 2. Routes: each is one CLI command.
        app.MapGet("/v1/datasets", Cli(_ => ["dataset", "list"]));
        app.MapGet("/v1/datasets/{name}", Cli(c => ["dataset", "show", Route(c, "name")]));
        app.MapGet("/v1/grants", Cli(_ => ["grant", "list"]));
        app.MapGet("/v1/jobs", Cli(_ => ["job", "list"]));
        app.MapGet("/v1/jobs/{id}", Cli(c => ["job", "show", Route(c, "id")]));
        app.MapPost("/v1/jobs/{id}/cancel", Cli(c => ["job", "cancel", Route(c, "id")]));
        app.MapGet("/v1/exports/{id}", Cli(c => ["export", "show", Route(c, "id")]));
        app.MapPost("/v1/exports/{id}/withdraw", Cli(c => ["export", "withdraw", Route(c, "id")]));
        app.MapPost("/v1/exports/{id}/resubmit", Cli(c => ["export", "resubmit", Route(c, "id")]));
        app.MapPost("/v1/exports/{id}/release", Cli(c => ["export", "release", Route(c, "id")]));
        app.MapGet("/v1/alerts", Cli(_ => ["monitor", "list"]));
        app.MapGet("/v1/audit/verify", Cli(_ => ["audit", "verify"]));
        app.MapGet("/v1/keys", Cli(_ => ["keys", "show"]));
        app.MapPost("/v1/jobs", (Func<HttpContext, Task<IResult>>)SubmitJob);
        app.MapPost("/v1/exports", (Func<HttpContext, Task<IResult>>)(async c =>
        {
            var body = await JsonSerializer.DeserializeAsync<ExportRequestBody>(c.Request.Body, Jsons.Options, c.RequestAborted).ConfigureAwait(false);
            return body is { Job.Length: > 0, Output.Length: > 0 }
                ? await Run(c, "export", "request", body.Job, body.Output).ConfigureAwait(false)
                : Results.BadRequest(new { error = "body: {\"job\": JOB_ID, \"output\": NAME} is required" });
        }));
        app.MapPost("/v1/exports/{id}/reviews", (Func<HttpContext, Task<IResult>>)(async c =>
        {
            var body = await JsonSerializer.DeserializeAsync<ReviewBody>(c.Request.Body, Jsons.Options, c.RequestAborted).ConfigureAwait(false);
            return body is { Stage.Length: > 0, Action: "approve" or "return" or "reject", Note.Length: > 0 }
                ? await Run(c, "export", "review", Route(c, "id"), "--stage", body.Stage, "--" + body.Action, "--note", body.Note).ConfigureAwait(false)
                : Results.BadRequest(new { error = "body: {\"stage\": technical|comprehensive, \"action\": approve|return|reject, \"note\": TEXT} is required" });
        }));
        return app;
    }

    /// <summary>A route that runs one CLI command line built from the request.</summary>
    private Delegate Cli(Func<HttpContext, string[]> args) => (Func<HttpContext, Task<IResult>>)(c => Run(c, args(c)));

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    /// <summary>The address the server listens on once started (useful with port 0).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private async Task<IResult> SubmitJob(HttpContext context)
    {
        // The job document arrives as the body (YAML, the job-file format); it is kept inside the home as the record
        // of what was submitted.
        var directory = Path.Combine(home.Root, "submitted");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.yaml");
        await using (var file = File.Create(path))
        {
            await context.Request.Body.CopyToAsync(file, context.RequestAborted).ConfigureAwait(false);
        }
        return await Run(context, "job", "run", path, "--wait").ConfigureAwait(false);
    }

    private async Task<IResult> Run(HttpContext context, params string[] args)
    {
        var principal = (string)context.Items["principal"]!;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SandboxCli.RunAsync([.. args, "--json", "--as", principal, "--home", home.Root], output, error, time, context.RequestAborted).ConfigureAwait(false);
        var text = output.ToString().Trim();
        var message = error.ToString().Trim();
        return code switch
        {
            0 => Results.Text(text, "application/json"),
            2 => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest),
            // A refusal or failure: the JSON result when there is one (a failed job, a failing check), else the reason.
            _ => text.Length > 0 ? Results.Text(text, "application/json", statusCode: StatusCodes.Status422UnprocessableEntity)
                                 : Results.Json(new { error = message }, statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }

    private sealed record ExportRequestBody(string? Job, string? Output);

    private sealed record ReviewBody(string? Stage, string? Action, string? Note);
}
