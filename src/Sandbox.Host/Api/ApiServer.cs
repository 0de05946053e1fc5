using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sandbox.Host.Home;

namespace Sandbox.Host.Api;

/// <summary>
/// `sandbox serve`: the HTTP API, its own layer over the services the CLI uses. Each request authenticates a bearer
/// token to a principal; typed handlers (<see cref="ApiRoutes"/>) validate route values and bodies and call the
/// services as that principal, so the authorizer decides exactly as for the CLI. No request text ever reaches a
/// command-line parser. The API is outside the domain: job outputs show as metadata and checks only, server paths
/// never appear, and the only data that leaves is a released bundle.
/// </summary>
public sealed class ApiServer(SandboxHome home, TimeProvider time)
{
    /// <summary>The largest request body accepted (a job file, a review note).</summary>
    public const long MaxBodyBytes = 1L << 20;

    /// <summary>Builds the server on <paramref name="urls"/> (e.g. http://127.0.0.1:5080; port 0 picks a free one).</summary>
    public WebApplication Build(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxBodyBytes);
        var app = builder.Build();
        var tokens = ApiTokens.Of(home);

        // 1. Authentication: every route needs a token; the principal it names acts.
        app.Use(async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var principal = header.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.PrincipalOf(header[7..].Trim()) : null;
            if (principal is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ApiResults.Problem(StatusCodes.Status401Unauthorized, "a valid bearer token is required (sandbox token issue PRINCIPAL)")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            context.Items[ApiRoutes.PrincipalKey] = principal;
            await next(context).ConfigureAwait(false);
        });

        // 2. Routes: typed handlers over the domain's services.
        new ApiRoutes(home, time).Map(app);
        return app;
    }

    /// <summary>The address the server listens on once started (useful with port 0).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
