using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sandbox.Host.Tests.Api;

/// <summary>
/// The API's errors over a real Kestrel host: the problem's detail in English unless the request's
/// <c>Accept-Language</c> asks for Chinese, the status alike; a resource of another operator is answered word for word
/// as one that does not exist, in both languages.
/// </summary>
public sealed class ApiErrorLanguageTests() : ApiHost(enterprises: 200, residents: 50)
{
    private const string Other = "harbor-analyst";

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    /// <summary>One request and the error it must get, in English and in Chinese.</summary>
    public sealed record Case(string Principal, string Method, string Path, string? Json, HttpStatusCode Status, string English, string Chinese)
    {
        public override string ToString() => $"{Principal} {Method} {Path}";
    }

    // The not-found messages, by id: a hidden resource must read exactly as a missing one.
    private static (string, string) NoJob(string id) => ($"no job '{id}'", $"没有作业“{id}”");

    private static (string, string) NoJobToCancel(string id) => ($"ID: no job '{id}'", $"ID：没有作业“{id}”");

    private static (string, string) NoExport(string id) => ($"no export '{id}'", $"没有导出“{id}”");

    private static (string, string) NoExportShown(string id) => ($"EXPORT_ID: no export '{id}'", $"EXPORT_ID：没有导出“{id}”");

    private static (string, string) NoGrant(string id) => ($"no grant '{id}'", $"没有授权“{id}”");

    private static (string, string) NoDataset(string name) => ($"no dataset '{name}'", $"没有数据集“{name}”");

    private static string JobFile(string grant) => $"grant: {grant}\nkind: sql\nqueries:\n  n: select 1 as n\n";

    private static Case Missing(string principal, string method, string path, (string English, string Chinese) text) =>
        new(principal, method, path, null, HttpStatusCode.NotFound, text.English, text.Chinese);

    private static Case Bad(string method, string path, string? json, string english, string chinese) =>
        new(Other, method, path, json, HttpStatusCode.BadRequest, english, chinese);

    [Fact]
    public async Task NotFound_MissingOrHidden_SameDetailInTheLanguageAsked()
    {
        var (job, export) = await JobAndExportOfZijin();
        var cases = new List<Case>
        {
            // Jobs: missing, and another operator's.
            Missing(Other, "GET", "/v1/jobs/job-none", NoJob("job-none")),
            Missing(Other, "GET", $"/v1/jobs/{job}", NoJob(job)),
            Missing(Other, "GET", "/v1/jobs/job-none/logs", NoJob("job-none")),
            Missing(Other, "GET", $"/v1/jobs/{job}/logs", NoJob(job)),
            Missing(Other, "GET", "/v1/jobs/job-none/progress", NoJob("job-none")),
            Missing(Other, "GET", $"/v1/jobs/{job}/progress", NoJob(job)),
            Missing(Other, "POST", "/v1/jobs/job-none/cancel", NoJobToCancel("job-none")),
            Missing(Other, "POST", $"/v1/jobs/{job}/cancel", NoJobToCancel(job)),
            // Exports: the bundle (ApiExports) and the export itself (ExportService), missing and another operator's.
            Missing(Other, "GET", "/v1/exports/exp-none/bundle", NoExport("exp-none")),
            Missing(Other, "GET", $"/v1/exports/{export}/bundle", NoExport(export)),
            Missing(Other, "GET", "/v1/exports/exp-none", NoExportShown("exp-none")),
            Missing(Other, "GET", $"/v1/exports/{export}", NoExportShown(export)),
            // Grants and datasets: missing, and one the principal's grants do not cover.
            Missing(Other, "GET", "/v1/grants/grant-none", NoGrant("grant-none")),
            Missing(Other, "GET", "/v1/grants/nj-credit-2026", NoGrant("nj-credit-2026")),
            Missing(Other, "GET", "/v1/datasets/dataset-none", NoDataset("dataset-none")),
            Missing(Other, "GET", "/v1/datasets/residents", NoDataset("residents")),
            // A route value that is no id: each kind in its own words, the value never echoed.
            Missing(Other, "GET", "/v1/jobs/-x", ("no such job", "没有此作业")),
            Missing(Other, "GET", "/v1/exports/-x", ("no such export", "没有此导出")),
            Missing(Other, "GET", "/v1/datasets/-x", ("no such dataset", "没有此数据集")),
            Missing(Other, "GET", "/v1/grants/-x", ("no such grant", "没有此授权")),
            Missing(Other, "POST", "/v1/alerts/-x/ack", ("no such alert", "没有此告警")),
            // A job file naming a grant that does not exist, or one of another operator: the file is job.yaml, never a server path.
            new(Other, "POST", "/v1/jobs", JobFile("grant-none"), HttpStatusCode.NotFound, "job.yaml: grant: no grant 'grant-none'", "job.yaml：grant：没有授权“grant-none”"),
            new(Other, "POST", "/v1/jobs", JobFile("nj-credit-2026"), HttpStatusCode.NotFound, "job.yaml: grant: no grant 'nj-credit-2026'", "job.yaml：grant：没有授权“nj-credit-2026”"),
            // The requester's own export, not yet released: a conflict, in either language.
            new(TestHome.Analyst, "GET", $"/v1/exports/{export}/bundle", null, HttpStatusCode.Conflict,
                $"export {export} has not been released", $"导出 {export} 尚未发布"),
        };
        await AssertAll(cases);
    }

    [Fact]
    public async Task BadInput_DetailInTheLanguageAsked()
    {
        var review = "/v1/exports/exp-any/reviews";
        await AssertAll(
        [
            Bad("POST", "/v1/exports", "[1, 2]", "body: not a JSON object of the expected shape", "body：不是预期结构的 JSON 对象"),
            Bad("POST", "/v1/exports", "{}", "body: {\"job\": JOB_ID, \"output\": NAME} is required", "body：必须提供 {\"job\": JOB_ID, \"output\": NAME}"),
            Bad("POST", "/v1/exports", """{"job": "job-x", "output": "n", "mitigate": "blur"}""",
                "mitigate: expected suppress, round5 or midpoint6", "mitigate：应为 suppress、round5 或 midpoint6"),
            Bad("GET", "/v1/exports?pending=maybe", null, "pending: expected true or false", "pending：应为 true 或 false"),
            Bad("POST", review, """{"stage": "final", "action": "approve", "note": "n"}""",
                "stage: expected technical, comprehensive or cross-border", "stage：应为 technical、comprehensive 或 cross-border"),
            Bad("POST", review, """{"stage": "technical", "action": "wave", "note": "n"}""",
                "action: expected approve, return or reject", "action：应为 approve、return 或 reject"),
            Bad("POST", review, """{"stage": "technical", "action": "approve", "note": ""}""",
                "note: a note of 1 to 4000 characters is required", "note：必须填写 1 到 4000 个字符的备注"),
            Bad("GET", "/v1/reports/usage?from=2026-11-01&to=2026-11-30", null, "operator: required", "operator：必填"),
            Bad("GET", "/v1/reports/usage?operator=zijin-credit&from=1.11.2026&to=2026-11-30", null,
                "from: expected a day as YYYY-MM-DD", "from：应为 YYYY-MM-DD 格式的日期"),
            Bad("GET", "/v1/reports/annual?operator=zijin-credit&year=one", null,
                "year: expected an agreement year (1, 2, …), found 'one'", "year：应为协议年度（1、2……），实际为“one”"),
        ]);
    }

    [Fact]
    public async Task HostsOwnRefusals_NoValidToken_BodyTooLarge_InTheLanguageAsked()
    {
        foreach (var (language, token, tooLarge) in new[]
        {
            ((string?)null, "a valid bearer token is required (sandbox token issue PRINCIPAL)", $"the request body is larger than {Sandbox.Host.Api.ApiServer.MaxBodyBytes} bytes"),
            ("zh-CN", "需要有效的 bearer 令牌（sandbox token issue 主体）", $"请求体超过 {Sandbox.Host.Api.ApiServer.MaxBodyBytes} 字节"),
        })
        {
            using var forged = new HttpRequestMessage(HttpMethod.Get, "/v1/jobs");
            forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sbx_forged-0123456789");
            if (language is not null) forged.Headers.AcceptLanguage.ParseAdd(language);
            using var refused = await Client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(token, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

            using var large = new HttpRequestMessage(HttpMethod.Post, "/v1/exports")
            {
                Content = new StringContent("{\"job\": \"" + new string('j', (int)Sandbox.Host.Api.ApiServer.MaxBodyBytes) + "\"}", Encoding.UTF8, "application/json"),
            };
            large.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(Other));
            // Asking to continue first: the host refuses from the declared length, so the client reads the answer
            // instead of racing it with a body the host has stopped reading (a closed pipe).
            large.Headers.ExpectContinue = true;
            if (language is not null) large.Headers.AcceptLanguage.ParseAdd(language);
            using var cut = await Client.SendAsync(large);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, cut.StatusCode);
            Assert.Equal(tooLarge, JsonDocument.Parse(await cut.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        }
    }

    // Every case asked without a language, in English and in Chinese (plain and by quality): every failure at once.
    private async Task AssertAll(IEnumerable<Case> cases)
    {
        var failures = new List<string>();
        foreach (var c in cases)
        {
            foreach (var (language, expected) in new[] { ((string?)null, c.English), ("en-US", c.English), ("zh-CN", c.Chinese), ("fr;q=0.9, zh-Hans;q=0.8, en;q=0.5", c.Chinese) })
            {
                var (status, detail) = await Ask(c, language);
                if (status != c.Status || detail != expected)
                {
                    failures.Add($"{c} [{language ?? "no Accept-Language"}]: {(int)status} '{detail}', expected {(int)c.Status} '{expected}'");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<(HttpStatusCode Status, string? Detail)> Ask(Case c, string? language)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Json is not null) request.Content = new StringContent(c.Json, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(c.Principal));
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var detail = body.StartsWith('{') && JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() : body;
        return (response.StatusCode, detail);
    }

    private string Token(string principal)
    {
        if (!_tokens.TryGetValue(principal, out var token)) _tokens[principal] = token = Home.Ok("token", "issue", principal).Trim();
        return token;
    }

    /// <summary>A job of zijin-credit's analyst, run to the end, and an export of its output (checked, not released).</summary>
    private async Task<(string Job, string Export)> JobAndExportOfZijin()
    {
        As(TestHome.Analyst);
        var sql = "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select district, count(*) as n from enterprise_registry group by district\n";
        var run = await Client.PostAsync("/v1/jobs?wait=true", new StringContent(sql, Encoding.UTF8, "application/yaml"));
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var job = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var request = await Client.PostAsync("/v1/exports", new StringContent(JsonSerializer.Serialize(new { job, output = "n" }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        var export = JsonDocument.Parse(await request.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Client.DefaultRequestHeaders.Authorization = null;
        return (job, export);
    }
}
