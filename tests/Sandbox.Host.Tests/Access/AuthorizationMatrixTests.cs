using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.Contracts.Principals;
using Sandbox.Host.Api;
using Sandbox.Host.Home;
using Sandbox.Policy.Access;
using Sandbox.Policy.Principals;

namespace Sandbox.Host.Tests.Access;

/// <summary>
/// Every action × every principal (the owning organization's operator, another organization's, each staff role, the
/// administrator), decided by the authorizer, through the CLI and through a real Kestrel host on loopback, against
/// <see cref="AccessMatrix"/>. Each test gathers every mismatch before it fails, so one run shows the whole picture.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationCity city) : IClassFixture<AuthorizationCity>
{
    private static readonly string[] PlatformActions =
    [
        nameof(AccessAction.TokenIssue), nameof(AccessAction.ImageBuild), nameof(AccessAction.ServeApi), nameof(AccessAction.PlatformPolicyApply),
        nameof(AccessAction.PolicyApply), nameof(AccessAction.PolicyApproveLoosening), nameof(AccessAction.TrainingManage), nameof(AccessAction.DatasetImport),
        nameof(AccessAction.DatasetClassify),
        nameof(AccessAction.MaskWithHomeKey), nameof(AccessAction.RequestDecide), nameof(AccessAction.QualityDecide), nameof(AccessAction.MonitorRun),
        nameof(AccessAction.AlertView), nameof(AccessAction.AlertAcknowledge), nameof(AccessAction.AuditVerify),
    ];

    [Fact]
    public void EveryAction_HasARowACliOrApiCaseAndAPhrase()
    {
        foreach (var action in Enum.GetValues<AccessAction>())
        {
            Assert.True(AccessMatrix.Expected.ContainsKey(action), $"{action}: no row in AccessMatrix");
            Assert.True(AccessRules.Table.ContainsKey(action), $"{action}: no row in AccessRules");
            Assert.True(CliCases.ContainsKey(action) || ApiCases.ContainsKey(action), $"{action}: neither a CLI nor an API case");
            Assert.NotEqual(action.ToString(), AccessRules.Phrase(action));
        }
    }

    [Fact]
    public void Authorizer_EveryActionAndPrincipal_DecidesAsTheMatrixSays()
    {
        var declared = PrincipalLoader.Load("principals.yaml", File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, "principals.yaml")));
        var failures = new List<string>();
        foreach (var (action, row) in AccessMatrix.Expected)
        {
            foreach (var id in AccessMatrix.Principals)
            {
                var principal = declared.FirstOrDefault(p => p.Id == id) ?? new Principal("admin", "admin", [Role.Admin], null);
                var resource = PlatformActions.Contains(action.ToString()) ? AccessResource.Platform
                    : action == AccessAction.AuditRead ? new AccessResource(principal.Operator is { } o ? [o] : [], principal.Id)
                    : AccessResource.Of("zijin-credit", "zijin-analyst");
                var decision = Authorizer.Decide(principal, action, resource);
                var got = AccessMatrix.Of(action, id) is 'L' or '-'
                    ? (decision.Allowed ? 'L' : '-')
                    : decision.Allowed ? 'A' : decision.Hidden ? 'H' : 'F';
                var want = AccessMatrix.Of(action, id);
                if (got != want) failures.Add($"{action} as {id}: expected {want}, decided {got} ({decision.Reason})");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Cli_EveryActionAndPrincipal_AnswersAsTheMatrixSays()
    {
        var failures = new List<string>();
        foreach (var (action, cli) in CliCases)
        {
            foreach (var principal in AccessMatrix.Principals)
            {
                // A command that must pass another action first answers as that action does for whoever it refuses.
                var decisive = cli.After is { } first && AccessMatrix.Of(first, principal) != 'A' ? first : action;
                var want = AccessMatrix.Of(decisive, principal);
                if (want == 'A' && cli.SkipAllowed is not null) continue;
                var (code, output, error) = city.Home.Run(["--as", principal, .. cli.Args(city, principal)]);
                var refused = error.Contains($"{principal} may not {(cli.AnyRefusal ? "" : AccessRules.Phrase(decisive))}", StringComparison.Ordinal);
                var hidden = code == 2 && cli.Hidden is { } h && error.Contains(h(city), StringComparison.Ordinal);
                var ok = want switch
                {
                    'A' => !refused && !hidden,
                    'F' => code == 1 && refused,
                    'H' => hidden && !error.Contains("may not", StringComparison.Ordinal),
                    'L' => code == 0 && cli.Shows!(city, principal, output),
                    '-' => code == 0 && !cli.Shows!(city, principal, output),
                    _ => false,
                };
                if (!ok) failures.Add($"{action} as {principal}: expected {want}, exit {code}: {error.Trim()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Api_EveryActionAndPrincipal_AnswersAsTheMatrixSays()
    {
        await using var app = new ApiServer(new SandboxHome(city.Home.Root), city.Home.Time).Build("http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(ApiServer.Address(app)) };
        var failures = new List<string>();
        foreach (var (action, api) in ApiCases)
        {
            foreach (var principal in AccessMatrix.Principals)
            {
                using var request = api.Request(city);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", city.Tokens[principal]);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = response.StatusCode;
                var want = AccessMatrix.Of(action, principal);
                var ok = want switch
                {
                    'A' => status is not HttpStatusCode.Forbidden and not HttpStatusCode.NotFound and < HttpStatusCode.InternalServerError,
                    'F' => status == HttpStatusCode.Forbidden && body.Contains($"{principal} may not", StringComparison.Ordinal),
                    'H' => status == HttpStatusCode.NotFound && !body.Contains("may not", StringComparison.Ordinal),
                    'L' => status == HttpStatusCode.OK && api.Shows!(city, principal, body),
                    '-' => status == HttpStatusCode.OK && !api.Shows!(city, principal, body),
                    _ => false,
                };
                // The API is outside the domain: no answer names a server path.
                if (body.Contains(city.Home.Root, StringComparison.Ordinal)) failures.Add($"{action} as {principal}: the answer names the home's path");
                if (!ok) failures.Add($"{action} as {principal}: expected {want}, got {(int)status}: {body[..Math.Min(body.Length, 200)]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One CLI command per action, acting on zijin-credit's resources; allowed runs are harmless or refused later by the domain.</summary>
    private static readonly Dictionary<AccessAction, CliCase> CliCases = new()
    {
        [AccessAction.TokenIssue] = new((_, _) => ["token", "issue", "city-auditor"]),
        [AccessAction.ImageBuild] = new((_, _) => ["image", "build"]) { SkipAllowed = "builds images for minutes; CI's .ci/docker.sh runs it as admin" },
        [AccessAction.ServeApi] = new((_, _) => ["serve", "--urls", "http://127.0.0.1:0"]) { SkipAllowed = "serves until stopped; the API tests start it" },
        [AccessAction.PlatformPolicyApply] = new((c, p) => ["policy", "apply", Changed(c, "principals.yaml", p, "principals:\n", $"principals:\n  - id: extra-{p}\n    name: extra\n    roles: [auditor]\n")]),
        [AccessAction.PolicyApply] = new((c, p) => ["policy", "apply", Draft(c, p, "")]),
        [AccessAction.PolicyApproveLoosening] = new((c, p) => ["policy", "apply", Draft(c, p + "-loose", "constraints: { resident_id: plain }"), "--approve-loosening", "matrix"]) { AnyRefusal = true },
        [AccessAction.TrainingManage] = new((_, _) => ["training", "list"]),
        [AccessAction.DatasetImport] = new((c, p) => ["dataset", "import", Csv(c), "--name", "m_" + p.Replace('-', '_')]),
        [AccessAction.DatasetView] = new((_, _) => ["dataset", "show", "residents"]) { Hidden = _ => "no dataset 'residents'" },
        [AccessAction.DatasetClassify] = new((_, _) => ["dataset", "classify", "residents", "gender", "--entity", "none", "--level", "1", "--reason", "matrix"]),
        [AccessAction.MaskWithHomeKey] = new((c, p) => ["mask", "apply", Csv(c), "--rules", Path.Combine(TestHome.PoliciesDirectory, "masking", "residents.yaml"), "--out", Path.Combine(c.Home.Root, $"masked-{p}-{Guid.NewGuid():N}.csv")]),
        [AccessAction.GrantView] = new((_, _) => ["grant", "show", "nj-credit-2026"]) { Hidden = _ => "no grant 'nj-credit-2026'" },
        [AccessAction.GrantDecide] = new((_, _) => ["grant", "publicize", "nj-credit-2026"]) { Hidden = _ => "no grant 'nj-credit-2026'" },
        [AccessAction.GrantSuspend] = new((_, _) => ["grant", "suspend", "zijin-draft", "--reason", "matrix"]) { Hidden = _ => "no grant 'zijin-draft'" },
        [AccessAction.JobRun] = new((c, _) => ["job", "run", "--wait", c.Home.Job("nj-credit-2026", "n: select count(*) as n from residents")]) { Hidden = _ => "grant: no grant 'nj-credit-2026'" },
        // zijin-analyst may apply its organization's release; this one is a table, so the job is refused later, by the domain.
        [AccessAction.ModelApply] = new((c, _) => ["job", "check", Scoring(c)]) { Hidden = _ => "grant: no grant 'nj-credit-2026'", After = AccessAction.JobRun },
        [AccessAction.JobView] = new((c, _) => ["job", "show", c.JobId]) { Hidden = c => $"no job '{c.JobId}'" },
        [AccessAction.JobLogs] = new((c, _) => ["job", "logs", c.JobId]) { Hidden = c => $"no job '{c.JobId}'" },
        [AccessAction.JobCancel] = new((c, _) => ["job", "cancel", c.JobId]) { Hidden = c => $"no job '{c.JobId}'" },
        [AccessAction.ExportRequest] = new((c, _) => ["export", "request", c.JobId, "by_district"]) { Hidden = c => $"no job '{c.JobId}'" },
        [AccessAction.ExportView] = new((c, _) => ["export", "show", c.CheckedExport]) { Hidden = c => $"no export '{c.CheckedExport}'" },
        [AccessAction.ExportAmend] = new((c, _) => ["export", "resubmit", c.CheckedExport]) { Hidden = c => $"no export '{c.CheckedExport}'" },
        [AccessAction.ExportReview] = new((c, _) => ["export", "review", c.CheckedExport, "--stage", "comprehensive", "--approve", "--note", "matrix"]) { Hidden = c => $"no export '{c.CheckedExport}'" },
        [AccessAction.ExportRelease] = new((c, _) => ["export", "release", c.CheckedExport]) { Hidden = c => $"no export '{c.CheckedExport}'" },
        [AccessAction.RequestFile] = new((_, _) => ["request", "file", "--grant", "nj-credit-2026", "--dataset", "residents", "--columns", "mobile", "--justification", "matrix"]) { Hidden = _ => "--grant: no grant 'nj-credit-2026'" },
        [AccessAction.RequestView] = new((_, _) => ["request", "list"]) { Shows = (c, _, o) => o.Contains(c.RequestId, StringComparison.Ordinal) },
        [AccessAction.RequestDecide] = new((_, _) => ["request", "decide", "dr-none", "--column", "gender", "--approve", "--note", "matrix"]),
        [AccessAction.QualityReport] = new((_, _) => ["quality", "report", "--dataset", "residents", "--problem", "matrix"]) { Hidden = _ => "no dataset 'residents'" },
        [AccessAction.QualityView] = new((_, _) => ["quality", "list"]) { Shows = (_, _, o) => o.Contains("dq-0001", StringComparison.Ordinal) },
        [AccessAction.QualityDecide] = new((_, _) => ["quality", "resolve", "dq-9999", "--note", "matrix"]),
        [AccessAction.MonitorRun] = new((_, _) => ["monitor", "run"]),
        [AccessAction.AlertView] = new((_, _) => ["monitor", "list"]),
        [AccessAction.AlertAcknowledge] = new((_, _) => ["monitor", "ack", "alert-none", "--note", "matrix"]),
        [AccessAction.AuditRead] = new((_, _) => ["audit", "show", "--json"]) { Shows = OwnEntriesOnly },
        [AccessAction.AuditVerify] = new((_, _) => ["audit", "verify"]),
        [AccessAction.ReportView] = new((_, _) => ["report", "usage", "--operator", "zijin-credit", "--from", "2026-11-01", "--to", "2026-11-30"]),
        [AccessAction.DummyGenerate] = new((c, p) => ["dummy", "nj-credit-2026", "--out", Path.Combine(c.Outside, $"dummy-{p}-{Guid.NewGuid():N}")]) { Hidden = _ => "no grant 'nj-credit-2026'" },
    };

    /// <summary>The actions the API exposes, one request each.</summary>
    private static readonly Dictionary<AccessAction, ApiCase> ApiCases = new()
    {
        [AccessAction.DatasetView] = new(_ => Get("/v1/datasets/residents")),
        [AccessAction.GrantView] = new(_ => Get("/v1/grants/nj-credit-2026")),
        [AccessAction.JobRun] = new(_ => new HttpRequestMessage(HttpMethod.Post, "/v1/jobs")
        {
            Content = new StringContent("grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select count(*) as n from residents\n", Encoding.UTF8, "application/yaml"),
        }),
        [AccessAction.JobView] = new(c => Get($"/v1/jobs/{c.JobId}")),
        [AccessAction.JobLogs] = new(c => Get($"/v1/jobs/{c.JobId}/logs")),
        [AccessAction.JobCancel] = new(c => new HttpRequestMessage(HttpMethod.Post, $"/v1/jobs/{c.JobId}/cancel")),
        [AccessAction.ExportRequest] = new(c => Post("/v1/exports", new { job = c.JobId, output = "by_district" })),
        [AccessAction.ExportView] = new(c => Get($"/v1/exports/{c.CheckedExport}")),
        [AccessAction.ExportAmend] = new(c => new HttpRequestMessage(HttpMethod.Post, $"/v1/exports/{c.CheckedExport}/resubmit")),
        [AccessAction.ExportReview] = new(c => Post($"/v1/exports/{c.CheckedExport}/reviews", new { stage = "comprehensive", action = "approve", note = "matrix" })),
        [AccessAction.ExportRelease] = new(c => new HttpRequestMessage(HttpMethod.Post, $"/v1/exports/{c.CheckedExport}/release")),
        [AccessAction.BundleDownload] = new(c => Get($"/v1/exports/{c.ReleasedExport}/bundle")),
        [AccessAction.AlertView] = new(_ => Get("/v1/alerts")),
        [AccessAction.AuditRead] = new(_ => Get("/v1/audit")) { Shows = OwnEntriesOnly },
        [AccessAction.AuditVerify] = new(_ => Get("/v1/audit/verify")),
        [AccessAction.ReportView] = new(_ => Get("/v1/reports/annual?operator=zijin-credit&year=1")),
    };

    /// <summary>Operators see their own audit entries only; everyone else with the right sees the bureau's too.</summary>
    private static bool OwnEntriesOnly(AuthorizationCity city, string principal, string json)
    {
        var actors = JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.GetProperty("actor").GetString()).ToHashSet();
        return principal.EndsWith("-analyst", StringComparison.Ordinal) ? actors.SetEquals([principal]) : actors.Contains("bureau-officer");
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

    private static string Csv(AuthorizationCity city) => Directory.GetFiles(Path.Combine(city.Home.Root, "inputs"), "*resident*").First();

    /// <summary>A copy of a policy document with one change, so applying it is never a no-op.</summary>
    private static string Changed(AuthorizationCity city, string file, string principal, string from, string to)
    {
        var path = Path.Combine(city.Home.Root, "matrix", principal, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, File.ReadAllText(Path.Combine(TestHome.PoliciesDirectory, file)).Replace(from, to));
        return path;
    }

    /// <summary>A scoring job under zijin-credit's grant that names its released export as the model.</summary>
    private static string Scoring(AuthorizationCity city)
    {
        var path = Path.Combine(city.Home.Root, "jobs", "scoring.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, ["grant: nj-credit-2026", "kind: ml", $"predict: {city.ReleasedExport}", "query: select district from residents"]);
        return path;
    }

    /// <summary>A new zijin-credit grant (at `applied`), unique per principal; <paramref name="residents"/> replaces the residents' constraints.</summary>
    private static string Draft(AuthorizationCity city, string principal, string residents)
    {
        var path = Path.Combine(city.Home.Root, "matrix", principal, "grant.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = TestHome.GrantText("nj-credit-2026.yaml")
            .Replace("id: nj-credit-2026", $"id: matrix-{principal}").Replace("agreement: { signed: 2025-12-20 }", "");
        if (residents.Length > 0) text = text.Replace("constraints: { resident_id: masked }", residents);
        File.WriteAllText(path, text);
        return path;
    }

    private sealed record CliCase(Func<AuthorizationCity, string, string[]> Args)
    {
        public Func<AuthorizationCity, string>? Hidden { get; init; }
        public Func<AuthorizationCity, string, string, bool>? Shows { get; init; }
        public string? SkipAllowed { get; init; }
        public bool AnyRefusal { get; init; }

        /// <summary>An action the command is decided on first (a scoring job is a job: running one comes before applying a model).</summary>
        public AccessAction? After { get; init; }
    }

    private sealed record ApiCase(Func<AuthorizationCity, HttpRequestMessage> Request)
    {
        public Func<AuthorizationCity, string, string, bool>? Shows { get; init; }
    }
}
