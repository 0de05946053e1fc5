using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Api;

/// <summary>
/// `sandbox serve`: the HTTP API, its own layer over the services the CLI uses. Each request authenticates a bearer
/// token to a principal; typed handlers (<see cref="ApiRoutes"/>) validate route values and bodies and call the
/// services as that principal, so the authorizer decides exactly as for the CLI. No request text ever reaches a
/// command-line parser. The API is outside the domain: job outputs show as metadata and checks only, server paths
/// never appear, and the only data that leaves is a released bundle. The OpenAPI document (<c>/openapi/v1.json</c>)
/// and the health endpoints (<c>/health</c>, <c>/ready</c>) need no token.
/// </summary>
public sealed class ApiServer(SandboxHome home, TimeProvider time)
{
    /// <summary>The largest request body accepted (a job file with its files, a review note).</summary>
    public const long MaxBodyBytes = 1L << 20;

    private static readonly string[] Anonymous = ["/openapi/v1.json", "/health", "/ready"];

    /// <summary>Requests one principal may make per minute before it is answered 429.</summary>
    public int RequestsPerMinute { get; init; } = 600;

    /// <summary>Queued jobs run at once per backend, unless told (<c>sandbox serve --workers</c>).</summary>
    public const int DefaultWorkersPerBackend = 2;

    /// <summary>The most <c>--workers</c> may ask for.</summary>
    public const int MaxWorkersPerBackend = 64;

    /// <summary>Queued jobs run at once per backend.</summary>
    public int WorkersPerBackend { get; init; } = DefaultWorkersPerBackend;

    /// <summary>Where request logs go (the console for <c>sandbox serve</c>); none when null.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Builds the server on <paramref name="urls"/> (e.g. http://127.0.0.1:5080; port 0 picks a free one).</summary>
    public WebApplication Build(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        Logging?.Invoke(builder.Logging);
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);
        // The document's schemas are drawn with the options the API writes its bodies with (Jsons.Options: web names,
        // enums as their kebab-case contract words), made exact: a constructor parameter is required, a non-nullable
        // reference is never null, and a number is a number (the API writes numbers, never numeric strings).
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.KebabCaseLower));
            o.SerializerOptions.Encoder = Jsons.Options.Encoder;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            // The bodies' shapes as generated at compile time, and no shapes drawn by reflection: the runtime build then
            // works as the native image must, which has none (tests/Sandbox.Host.Tests/Native compares the documents).
            foreach (var reflected in o.SerializerOptions.TypeInfoResolverChain.OfType<System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver>().ToList())
            {
                o.SerializerOptions.TypeInfoResolverChain.Remove(reflected);
            }
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
        });
        builder.Services.AddOpenApi(ApiContract.Configure);
        Console.ConsoleRoutes.AddServices(builder.Services);
        // The workers that run queued jobs live with the API; a stop lets running jobs finish within their grace.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(services =>
            new Jobs.JobWorkers(home, time, services.GetRequiredService<ILoggerFactory>().CreateLogger("Sandbox.Jobs")) { PerBackend = WorkersPerBackend, Pooled = true });
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = Jobs.JobWorkers.DefaultGrace + TimeSpan.FromSeconds(10));
        builder.Services.AddRateLimiter(o =>
        {
            // Per principal: one operator's burst cannot starve the others.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetFixedWindowLimiter(
                c.Items[ApiRoutes.PrincipalKey] as string ?? "-",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (context, ct) =>
            {
                ApiLog.RateLimited(Logger(context.HttpContext), context.HttpContext.Items[ApiRoutes.PrincipalKey] as string ?? "-");
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await ApiResults.Problem(context.HttpContext, StatusCodes.Status429TooManyRequests, new LocalMessage("api.rate-limited", ("count", RequestsPerMinute)))
                    .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });
        var app = builder.Build();
        var tokens = ApiTokens.Of(home, time);
        var console = new Console.ConsoleRoutes(home, time);

        // 1. Authentication: every route but the document and the health checks needs a token; its principal acts.
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            if (Anonymous.Contains(context.Request.Path.Value, StringComparer.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            // The web console signs browsers in with a cookie of its own (an exchanged token), not a bearer header.
            if (context.Request.Path.StartsWithSegments(Console.ConsoleRoutes.Prefix, StringComparison.Ordinal))
            {
                await console.AuthenticateAsync(context, next).ConfigureAwait(false);
                return;
            }
            var header = context.Request.Headers.Authorization.ToString();
            var principal = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.PrincipalOf(header[7..].Trim()) : null;
            if (principal is null)
            {
                ApiLog.Unauthenticated(Logger(context), context.Request.Method, RouteOf(context));
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiResults.Problem(context, StatusCodes.Status401Unauthorized, new LocalMessage("api.token-required"))
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            context.Items[ApiRoutes.PrincipalKey] = principal;
            await next(context).ConfigureAwait(false);
            ApiLog.Request(Logger(context), context.Request.Method, RouteOf(context), context.Response.StatusCode, principal,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        app.UseRateLimiter();

        // 2. The contract, the health checks, and the routes: typed handlers over the domain's services.
        app.MapOpenApi("/openapi/v1.json");
        app.MapGet("/health", () => ApiResults.Json(new Bodies.StatusBody("ok"))).WithSummary("Liveness: the process answers")
            .Produces<Bodies.StatusBody>();
        app.MapGet("/ready", (HttpContext context) => home.IsInitialized
            ? ApiResults.Json(new Bodies.StatusBody("ready"))
            : ApiResults.Problem(context, StatusCodes.Status503ServiceUnavailable, new LocalMessage("api.not-initialized")))
            .WithSummary("Readiness: the home's store and keys are there")
            .Produces<Bodies.StatusBody>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        new ApiRoutes(home, time).Map(app);
        // The console's pages are HTML for browsers (forms, cookies, antiforgery), not the API: the document leaves them out.
        console.Map(app.MapGroup("").ExcludeFromDescription());
        return app;
    }

    /// <summary>The address the server listens on once started (useful with port 0).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Sandbox.Api");

    // The matched route's template, never the raw path (which is the client's text).
    private static string RouteOf(HttpContext context) => (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";
}
