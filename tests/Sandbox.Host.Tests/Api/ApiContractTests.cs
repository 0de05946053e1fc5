using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sandbox.Host.Tests.Api;

/// <summary>The API's contract on a real Kestrel host: its OpenAPI document, health, problems, paging, tokens, limits, SIGTERM.</summary>
public sealed class ApiContractTests() : ApiHost(enterprises: 50, residents: 30, requestsPerMinute: 40)
{

    [Fact]
    public async Task OpenApiDocument_WithoutAToken_ListsEveryApiRouteTheHostServes()
    {
        var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        var served = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != "/openapi/v1.json")
            .SelectMany(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        // The web console's pages are HTML for browsers, not the API: they alone are left out of the document.
        var api = served.Where(r => !r.Contains(" /console", StringComparison.Ordinal)).ToHashSet();
        Assert.True(api.Count >= 26, string.Join(", ", api));
        Assert.True(served.Count > api.Count, "the console's pages are served");
        Assert.Empty(api.Except(documented));
        Assert.Empty(documented.Except(api));
    }

    [Fact]
    public void EveryBodyTheRoutesDeclare_HasItsShapeGeneratedAtCompileTime()
    {
        // The native image draws the document's schemas and reads request bodies from ApiJsonContext alone: a route
        // declaring a body type missing there would answer 500 for its document there, and nowhere else.
        var declared = App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Select(p => p.Type)
                .Concat(e.Metadata.OfType<Sandbox.Host.Api.ApiContract.RequestBody>().SelectMany(b => new[] { b.Type, b.OtherType })))
            .OfType<Type>()
            // Streams and text are the document's own (binary, string).
            .Where(t => t != typeof(Stream) && t != typeof(string) && t != typeof(void))
            .Distinct().ToList();

        Assert.True(declared.Count >= 20, string.Join(", ", declared));
        // And the runtime build draws nothing by reflection either, so these tests see what the native image sees.
        var options = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.DoesNotContain(options.TypeInfoResolverChain, r => r is System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver);
        Assert.Contains(Sandbox.Host.Api.ApiJsonContext.Default, options.TypeInfoResolverChain);
        Assert.All(declared, t => Assert.True(Sandbox.Host.Api.ApiJsonContext.Default.GetTypeInfo(t) is not null, $"{t} is not in ApiJsonContext"));
    }

    [Fact]
    public async Task OpenApiDocument_XTotalCount_DeclaredOnExactlyTheRoutesThatSendIt()
    {
        Home.Ok("job", "run", "--wait", Home.Job("nj-credit-2026", "n: select count(*) as n from residents"));
        var document = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var sent = new List<string>();
        var checkedRoutes = 0;
        foreach (var path in document.GetProperty("paths").EnumerateObject().Where(p => !p.Name.Contains('{', StringComparison.Ordinal)))
        {
            if (!path.Value.TryGetProperty("get", out var get)) continue;
            var ok = get.GetProperty("responses").GetProperty("200");
            var declared = ok.TryGetProperty("headers", out var headers) && headers.TryGetProperty("X-Total-Count", out var header)
                && header.GetProperty("schema").GetProperty("type").GetString() == "integer";
            // Whoever may read the route: the operator for its own lists, the auditor and the bureau for the rest.
            foreach (var principal in new[] { "zijin-analyst", "city-auditor", "bureau-officer", "gov-reviewer" })
            {
                As(principal);
                using var response = await Client.GetAsync(path.Name);
                if (response.StatusCode != HttpStatusCode.OK) continue;
                var sends = response.Headers.Contains("X-Total-Count");
                Assert.True(sends == declared, $"GET {path.Name}: sends X-Total-Count {sends}, the document declares it {declared}");
                if (sends) sent.Add(path.Name);
                checkedRoutes++;
                break;
            }
        }
        Assert.True(checkedRoutes >= 8, $"only {checkedRoutes} list routes answered");
        Assert.Equal(["/v1/exports", "/v1/jobs"], sent.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Health_AndReady_AnswerWithoutAToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task EveryError_IsAProblemDocument()
    {
        As("zijin-analyst");
        foreach (var (path, status) in new[] { ("/v1/jobs/job-none", 404), ("/v1/jobs?limit=0", 400), ("/v1/alerts", 403) })
        {
            var response = await Client.GetAsync(path);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Jobs_FilteredAndPaged_CountTheTotalAndKeepTheOrder()
    {
        for (var i = 0; i < 3; i++) Home.Ok("job", "run", "--wait", Home.Job("nj-credit-2026", $"n: select count(*) + {i} as n from residents"));
        Home.Run("job", "run", "--wait", Home.Job("nj-credit-2026", "n: select name from residents"));
        As("zijin-analyst");

        var page = await Client.GetAsync("/v1/jobs?state=succeeded&limit=2&offset=1");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(2, JsonDocument.Parse(await page.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        var failed = JsonDocument.Parse(await Client.GetStringAsync("/v1/jobs?state=failed")).RootElement;
        Assert.Equal("failed", Assert.Single(failed.EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal(0, JsonDocument.Parse(await Client.GetStringAsync("/v1/jobs?since=2099-01-01T00:00:00Z")).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/v1/jobs?since=yesterday")).StatusCode);
    }

    [Fact]
    public async Task Token_RevokedOrExpired_IsRefused()
    {
        var json = JsonDocument.Parse(Home.Ok("token", "issue", "zijin-analyst", "--days", "1", "--json")).RootElement;
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/keys")).StatusCode);
        Assert.DoesNotContain(json.GetProperty("token").GetString()!, Home.Ok("token", "list", "--json"));

        Home.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/keys")).StatusCode);
        Assert.Contains("(expired)", Home.Ok("token", "list"));

        As("zijin-analyst");
        var id = JsonDocument.Parse(Home.Ok("token", "list", "--json")).RootElement.EnumerateArray().Last().GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/keys")).StatusCode);
        Home.Ok("token", "revoke", id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/v1/keys")).StatusCode);
        Assert.Contains("token.revoke", Home.Ok("audit", "show"));
    }

    [Fact]
    public async Task Requests_PastThePrincipalsLimit_Are429ForThatPrincipalOnly()
    {
        As("zijin-analyst");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 45; i++) statuses.Add((await Client.GetAsync("/v1/keys")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.OK));

        As("harbor-analyst");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task Serve_Sigterm_StopsAndExitsZero()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sandbox.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "serve", "--urls", "http://127.0.0.1:0", "--home", Home.Root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        // Structured log events (JSON lines) may come first; the service says where it listens in one plain line.
        string? line;
        do line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        while (line is not null && line.StartsWith('{'));
        Assert.StartsWith("serving", line);

        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, process.ExitCode);
    }
}
