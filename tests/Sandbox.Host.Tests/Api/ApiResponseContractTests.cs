using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sandbox.Host.Api;
using Sandbox.Host.Jobs;

namespace Sandbox.Host.Tests.Api;

/// <summary>
/// The OpenAPI document against the answers the host really gives: every route is driven on a real Kestrel host (a
/// success and at least one error each), and every answer's status, content type and body are checked against the
/// document the same host serves, with object schemas taken as closed (a key the document does not declare fails).
/// </summary>
public sealed class ApiResponseContractTests() : ApiHost(enterprises: 200, residents: 40)
{
    // Routes with no error a client can cause: liveness always answers; readiness fails only on a home not initialized.
    private static readonly string[] WithoutErrorPath = ["GET /health", "GET /ready"];

    // Routes whose only errors are the ones every route shares: no valid token (401, driven below), over the rate limit.
    private static readonly string[] OnlySharedErrors = ["GET /v1/datasets", "GET /v1/grants", "GET /v1/keys"];

    private readonly List<Exchange> _exchanges = [];
    private HttpClient _client = new();
    private OpenApiContract _contract = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new HttpClient(new Recorder(_exchanges) { InnerHandler = new HttpClientHandler() }) { BaseAddress = Client.BaseAddress };
        _contract = new OpenApiContract(JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json")).RootElement.Clone());
    }

    public override async Task DisposeAsync()
    {
        _client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public void Document_EveryOperation_DeclaresATypedSuccessAndProblemErrors()
    {
        var problems = new List<string>();
        foreach (var operation in _contract.Operations)
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1]);
            var responses = _contract.Find(method, path)!.Value.Operation.GetProperty("responses");
            var successes = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            if (successes.Count == 0) problems.Add($"{operation}: no success declared");
            foreach (var response in successes)
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.EnumerateObject().Any(c => c.Value.TryGetProperty("schema", out _)))
                {
                    problems.Add($"{operation} {response.Name}: no content with a schema");
                }
            }
            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out _))
                {
                    problems.Add($"{operation} {response.Name}: not application/problem+json");
                }
            }
        }
        // The routes that read a body describe it (without enforcing a content type).
        foreach (var (method, path) in new[] { ("POST", "/v1/jobs"), ("POST", "/v1/exports"), ("POST", "/v1/exports/{id}/reviews"), ("POST", "/v1/alerts/{id}/ack") })
        {
            if (!_contract.Find(method, path)!.Value.Operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").EnumerateObject().Any())
            {
                problems.Add($"{method} {path}: its body is not described");
            }
        }
        Assert.Empty(problems);
        Assert.True(_contract.Operations.Count() >= 26, string.Join(", ", _contract.Operations));
    }

    [Fact]
    public async Task EveryRoute_SuccessAndErrors_MatchTheDocument()
    {
        // 1. Anonymous: health, readiness.
        await Get("/health");
        await Get("/ready");

        // 2. The catalog, as the operator.
        As("zijin-analyst");
        await Get("/v1/datasets");
        await Get("/v1/datasets/enterprise_registry");
        await Get("/v1/datasets/no-such-dataset", HttpStatusCode.NotFound);
        await Get("/v1/datasets/..%2Fkeys", HttpStatusCode.NotFound);
        await Get("/v1/grants");
        await Get("/v1/grants/nj-credit-2026");
        await Get("/v1/grants/no-such-grant", HttpStatusCode.NotFound);

        // 3. Jobs: run to the end, refused, malformed, listed, shown, logs, staging progress.
        var counts = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";
        var fine = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, industry, count(*) as n from enterprise_registry group by district, industry\n";
        var job = Id(await Post("/v1/jobs?wait=true", Yaml(counts)));
        var fineJob = Id(await Post("/v1/jobs?wait=true", Yaml(fine)));
        await Post("/v1/jobs?wait=true", Yaml("grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select legal_rep_name from enterprise_registry\n"), HttpStatusCode.UnprocessableEntity);
        await Post("/v1/jobs", Yaml("grant: ["), HttpStatusCode.BadRequest);
        await Post("/v1/jobs?backend=elsewhere", Yaml(counts), HttpStatusCode.BadRequest);
        await Post("/v1/jobs", Yaml("grant: no-such-grant\nkind: sql\nqueries:\n  n: select 1 as n\n"), HttpStatusCode.NotFound);
        await Get("/v1/jobs");
        await Get("/v1/jobs?state=succeeded&limit=1");
        await Get("/v1/jobs?limit=0", HttpStatusCode.BadRequest);
        await Get($"/v1/jobs/{job}");
        await Get("/v1/jobs/job-none", HttpStatusCode.NotFound);
        await Get($"/v1/jobs/{job}/logs");
        await Get("/v1/jobs/job-none/logs", HttpStatusCode.NotFound);
        await Get($"/v1/jobs/{job}/progress");
        await Get($"/v1/jobs/{job}/progress?after=x", HttpStatusCode.BadRequest);
        await Get("/v1/jobs/job-none/progress", HttpStatusCode.NotFound);
        await Post($"/v1/jobs/{job}/cancel", null, HttpStatusCode.Conflict);
        await Post("/v1/jobs/job-none/cancel", null, HttpStatusCode.NotFound);

        // 4. The export gate: a pass, a failing report (422 with the report), bad bodies, reviews, release, bundle.
        var passed = Id(await Post("/v1/exports", Json(new { job, output = "n" })));
        await Post("/v1/exports", Json(new { job = fineJob, output = "n" }), HttpStatusCode.UnprocessableEntity);
        await Post("/v1/exports", Json(new { job }), HttpStatusCode.BadRequest);
        await Post("/v1/exports", new StringContent("not json"), HttpStatusCode.BadRequest);
        await Post("/v1/exports", Json(new { job = "job-none", output = "n" }), HttpStatusCode.NotFound);
        await Post("/v1/exports", new StringContent(new string(' ', (int)ApiServer.MaxBodyBytes + 10)), HttpStatusCode.RequestEntityTooLarge, expectContinue: true);
        var withdrawn = Id(await Post("/v1/exports", Json(new { job, output = "n" })));
        var returned = Id(await Post("/v1/exports", Json(new { job, output = "n" })));
        await Get("/v1/exports");
        await Get("/v1/exports?pending=true&limit=2");
        await Get("/v1/exports?pending=maybe", HttpStatusCode.BadRequest);
        await Get($"/v1/exports/{passed}");
        await Get("/v1/exports/exp-none", HttpStatusCode.NotFound);
        await Post($"/v1/exports/{passed}/reviews", Json(new { stage = "technical", action = "approve", note = "mine" }), HttpStatusCode.Forbidden);
        await Post($"/v1/exports/{withdrawn}/withdraw", null);
        await Post($"/v1/exports/{withdrawn}/withdraw", null, HttpStatusCode.Conflict);
        await Post($"/v1/exports/{passed}/release", null, HttpStatusCode.Conflict);
        await Get($"/v1/exports/{passed}/bundle", HttpStatusCode.Conflict);

        As("gov-reviewer");
        await Post($"/v1/exports/{passed}/reviews", Json(new { stage = "technical", action = "approve", note = "district counts" }));
        await Post($"/v1/exports/{returned}/reviews", Json(new { stage = "technical", action = "return", note = "say what n counts" }));
        await Post($"/v1/exports/{passed}/reviews", Json(new { stage = "sideways", action = "approve", note = "x" }), HttpStatusCode.BadRequest);
        await Post("/v1/exports/exp-none/reviews", Json(new { stage = "technical", action = "approve", note = "x" }), HttpStatusCode.NotFound);
        As("expert-reviewer");
        await Post($"/v1/exports/{passed}/reviews", Json(new { stage = "comprehensive", action = "approve", note = "fit for release" }));
        await Get($"/v1/exports/{passed}");

        As("zijin-analyst");
        await Post($"/v1/exports/{returned}/resubmit", null);
        await Post($"/v1/exports/{passed}/resubmit", null, HttpStatusCode.Conflict);
        await Post("/v1/exports/exp-none/resubmit", null, HttpStatusCode.NotFound);
        await Post($"/v1/exports/{passed}/release", null);
        await Post("/v1/exports/exp-none/release", null, HttpStatusCode.NotFound);
        await Post("/v1/exports/exp-none/withdraw", null, HttpStatusCode.NotFound);
        await Get($"/v1/exports/{passed}/bundle");
        await Get("/v1/exports/exp-none/bundle", HttpStatusCode.NotFound);

        // 5. A job cancelled while queued: the workers are stopped first, so it is still queued when asked.
        foreach (var workers in App.Services.GetServices<IHostedService>().OfType<JobWorkers>()) await workers.StopAsync(CancellationToken.None);
        var queued = Id(await Post("/v1/jobs", Yaml(counts), HttpStatusCode.Accepted));
        await Post($"/v1/jobs/{queued}/cancel", null);

        // 6. Supervision: five refused jobs in ten minutes raise an alert; the governance center acknowledges it.
        var refused = Home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        for (var i = 0; i < 5; i++)
        {
            Home.Run("--as", "harbor-analyst", "job", "run", "--wait", refused);
            Home.Time.Advance(TimeSpan.FromMinutes(1));
        }
        var alert = JsonDocument.Parse(Home.Ok("--as", "bureau-officer", "monitor", "run", "--json")).RootElement.EnumerateArray().First().GetProperty("id").GetString()!;
        await Get("/v1/alerts", HttpStatusCode.Forbidden);
        await Post($"/v1/alerts/{alert}/ack", Json(new { note = "seen" }), HttpStatusCode.Forbidden);
        As("gov-reviewer");
        await Get("/v1/alerts");
        await Post($"/v1/alerts/{alert}/ack", Json(new { note = "" }), HttpStatusCode.BadRequest);
        await Post("/v1/alerts/alert-none/ack", Json(new { note = "seen" }), HttpStatusCode.NotFound);
        await Post($"/v1/alerts/{alert}/ack", Json(new { note = "grant suspended pending an interview" }));
        await Post($"/v1/alerts/{alert}/ack", Json(new { note = "again" }), HttpStatusCode.Conflict);
        await Get("/v1/alerts");

        // 7. The audit log, reports and the key.
        As("city-auditor");
        await Get("/v1/audit");
        await Get("/v1/audit/verify");
        await Get("/v1/reports/usage?operator=zijin-credit&from=2026-01-01&to=2026-12-31");
        await Get("/v1/reports/usage?operator=zijin-credit&from=2026-01-01", HttpStatusCode.BadRequest);
        await Get("/v1/reports/usage?operator=nobody&from=2026-01-01&to=2026-12-31", HttpStatusCode.NotFound);
        await Get("/v1/reports/annual?operator=zijin-credit&year=1");
        await Get("/v1/reports/annual?operator=zijin-credit&year=one", HttpStatusCode.BadRequest);
        await Get("/v1/reports/annual?operator=zijin-credit&year=2", HttpStatusCode.UnprocessableEntity);
        await Get("/v1/keys");
        As("zijin-analyst");
        await Get("/v1/audit");
        await Get("/v1/audit/verify", HttpStatusCode.Forbidden);
        As("expert-reviewer");
        await Get("/v1/audit", HttpStatusCode.Forbidden);

        // 8. Every route without a token: 401 as problem details.
        _client.DefaultRequestHeaders.Authorization = null;
        foreach (var operation in _contract.Operations.Where(o => o.Contains(" /v1/", StringComparison.Ordinal)))
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].Replace("{id}", "x1", StringComparison.Ordinal).Replace("{name}", "x1", StringComparison.Ordinal));
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            Assert.Equal(HttpStatusCode.Unauthorized, (await _client.SendAsync(request)).StatusCode);
        }

        // 9. Every answer conforms to the document, and every route was seen succeeding and, where it can, failing.
        Assert.Empty(_exchanges.SelectMany(e => _contract.Check(e.Method, e.Path, e.Status, e.ContentType, e.Body)));
        var seen = _exchanges.Select(e => (Operation: $"{e.Method} {_contract.Find(e.Method, e.Path)!.Value.Template}", e.Status)).ToList();
        var unseen = new List<string>();
        foreach (var operation in _contract.Operations)
        {
            if (!seen.Any(s => s.Operation == operation && s.Status is >= 200 and < 300)) unseen.Add($"{operation}: no success");
            var errors = seen.Where(s => s.Operation == operation && s.Status >= 400).Select(s => s.Status).ToList();
            if (WithoutErrorPath.Contains(operation)) continue;
            if (errors.Count == 0 || (!OnlySharedErrors.Contains(operation) && errors.All(e => e == 401))) unseen.Add($"{operation}: no error of its own");
        }
        Assert.Empty(unseen);
    }

    [Fact]
    public async Task WrongBodies_AgainstTheServedDocument_AreEachCaught()
    {
        As("zijin-analyst");
        var counts = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";
        var job = Id(await Post("/v1/jobs?wait=true", Yaml(counts)));
        var body = _exchanges.Last().Body;
        Assert.Empty(_contract.Check("POST", "/v1/jobs", 200, "application/json", body));

        string Edit(Action<Dictionary<string, JsonElement>> change)
        {
            var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(body)!;
            change(json);
            return JsonSerializer.Serialize(json);
        }
        var wrong = new Dictionary<string, string>
        {
            ["required property 'state' is missing"] = Edit(j => j.Remove("state")),
            ["is not one of"] = Edit(j => j["state"] = JsonSerializer.SerializeToElement("exploded")),
            ["property 'path' is not declared"] = Edit(j => j["path"] = JsonSerializer.SerializeToElement("/srv/home/jobs/x")),
            ["expected null or integer, found string"] = Edit(j => j["exitCode"] = JsonSerializer.SerializeToElement("0")),
            ["$.outputs[0]: required property 'rows' is missing"] = Edit(j => j["outputs"] = JsonSerializer.SerializeToElement(new[] { new { name = "n", bytes = 1 } })),
            ["expected string, found null"] = Edit(j => j["grant"] = JsonSerializer.SerializeToElement<string?>(null)),
        };
        foreach (var (expected, text) in wrong)
        {
            var errors = _contract.Check("POST", "/v1/jobs", 200, "application/json", text);
            Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        }
        Assert.Contains("status not declared", Assert.Single(_contract.Check("GET", $"/v1/jobs/{job}", 418, "application/json", body)));
        Assert.Contains("content type 'text/plain' not declared", Assert.Single(_contract.Check("GET", $"/v1/jobs/{job}", 200, "text/plain", body)));
        Assert.Contains("no such operation", Assert.Single(_contract.Check("DELETE", $"/v1/jobs/{job}", 200, "application/json", body)));
    }

    private new void As(string principal) =>
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Home.Ok("token", "issue", principal).Trim());

    private async Task<string> Get(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>
    /// POSTs and checks the status. An oversized body asks to continue first (<c>Expect: 100-continue</c>): the host
    /// answers 413 from the declared length, before a byte of the body is sent, instead of closing on a client still
    /// writing (a broken pipe, not an answer).
    /// </summary>
    private async Task<string> Post(string path, HttpContent? content, HttpStatusCode? expected = null, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (expectContinue) request.Headers.ExpectContinue = true;
        var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ok = expected is { } status ? response.StatusCode == status : response.IsSuccessStatusCode;
        Assert.True(ok, $"POST {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static string Id(string body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;

    private sealed record Exchange(string Method, string Path, int Status, string? ContentType, string Body);

    /// <summary>Keeps every answer the client receives (the body read once here and handed on).</summary>
    private sealed class Recorder(List<Exchange> exchanges) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var type = response.Content.Headers.ContentType;
            var copy = new ByteArrayContent(bytes);
            foreach (var header in response.Content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content = copy;
            var text = type?.MediaType is { } media && (media.EndsWith("json", StringComparison.Ordinal) || media.StartsWith("text/", StringComparison.Ordinal))
                ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes);
            lock (exchanges) exchanges.Add(new Exchange(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode, type?.ToString(), text));
            return response;
        }
    }
}
