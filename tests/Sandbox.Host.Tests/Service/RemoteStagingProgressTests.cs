using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// A job's staging progress over the API (<c>GET /v1/jobs/ID/progress?after=N</c>) and <c>job wait ID --server</c>,
/// which shows it as a local wait does: the first materialization's lines once each, in order, in the reader's
/// language, before the job's end; only to whoever may see the job.
/// </summary>
public sealed class RemoteStagingProgressTests : IDisposable
{
    private const string Grant = "nj-credit-2026";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 20, residents: 600);

    [Fact]
    public async Task WaitOnServer_AJobThatMaterializedATable_ShowsItsStagingLinesOnceInOrder_InEnglishAndChinese()
    {
        // The job stages (a first use), runs and ends before anyone waits on it: a wait then still shows its staging.
        var every = new Dictionary<string, string> { [MaterializationProgress.IntervalVariable] = "0" };
        var run = await SandboxProcess.RunAsync(["--as", TestHome.Analyst, "job", "run", "--wait", "--json", _home.Job(Grant, "n: select count(*) as n from residents"), "--home", _home.Root], every);
        Assert.True(run.Code == 0, run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString()!;

        using var serve = ServeProcess.Start(_home);
        var url = serve.Address.ToString();
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = _home.Ok("token", "issue", TestHome.Analyst).Trim() };
        foreach (var (lang, start, rows, done, end) in new[]
        {
            ("en", $"materializing residents for grant {Grant}: 600 rows", "materializing residents: 600 of 600 rows (100%), ", "materialized residents: 600 rows in ", $"job {id}: succeeded ("),
            ("zh-CN", $"正在为授权 {Grant} 物化 residents：共 600 行", "正在物化 residents：已完成 600 / 600 行（100%），用时 ", "已物化 residents：600 行，用时 ", $"作业 {id}：succeeded（"),
        })
        {
            var wait = await SandboxProcess.RunAsync(["--lang", lang, "job", "wait", id, "--server", url], env);
            Assert.True(wait.Code == 0, wait.Err);
            var lines = wait.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            int At(string prefix) => lines.FindIndex(l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Equal(1, lines.Count(l => l.StartsWith(start, StringComparison.Ordinal)));
            Assert.Equal(1, lines.Count(l => l.StartsWith(done, StringComparison.Ordinal)));
            Assert.True(At(start) >= 0 && At(start) < At(rows) && At(rows) < At(done) && At(done) < At(end), wait.Err);
            Assert.StartsWith(end, lines[^1], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProgressRoute_ReadsOnFromTheOffset_InTheRequestsLanguage_OnlyForWhoeverMaySeeTheJob()
    {
        var id = JsonDocument.Parse(_home.Ok("--as", TestHome.Analyst, "job", "run", "--wait", "--json", _home.Job(Grant, "n: select count(*) as n from residents")))
            .RootElement.GetProperty("id").GetString()!;
        var file = StagingProgressFile.PathOf(new SandboxHome(_home.Root), id);
        using var serve = ServeProcess.Start(_home);
        using var http = new HttpClient { BaseAddress = serve.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _home.Ok("token", "issue", TestHome.Analyst).Trim());

        // From the start: the materialization's messages as ids and arguments (no value of the table), with their text.
        var first = await Get(http, $"v1/jobs/{id}/progress", null);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var lines = first.Body.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal("dataplane.materializing", lines[0].GetProperty("message").GetString());
        Assert.Equal("residents", lines[0].GetProperty("args").GetProperty("table").GetString());
        Assert.StartsWith($"materializing residents for grant {Grant}: 600 rows", lines[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("dataplane.materialized", lines[^1].GetProperty("message").GetString());
        var next = first.Body.GetProperty("next").GetInt64();
        Assert.Equal(new FileInfo(file).Length, next);
        Assert.Equal("succeeded", first.Body.GetProperty("state").GetString());

        // On from where it ended: nothing new; past the end: nothing either, the offset kept.
        var again = await Get(http, $"v1/jobs/{id}/progress?after={next}", null);
        Assert.Equal((0, next), (again.Body.GetProperty("lines").GetArrayLength(), again.Body.GetProperty("next").GetInt64()));
        var past = await Get(http, $"v1/jobs/{id}/progress?after={next + 1000}", null);
        Assert.Equal((0, next + 1000), (past.Body.GetProperty("lines").GetArrayLength(), past.Body.GetProperty("next").GetInt64()));

        // In Chinese when asked so.
        var zh = await Get(http, $"v1/jobs/{id}/progress", "zh-CN");
        Assert.StartsWith($"正在为授权 {Grant} 物化 residents：共 600 行", zh.Body.GetProperty("lines")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        // A malformed offset is refused, naming it.
        var bad = await Get(http, $"v1/jobs/{id}/progress?after=-1", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("after", bad.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another operator's token: the job does not exist for it, answered as a missing one is.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _home.Ok("token", "issue", "harbor-analyst").Trim());
        var hidden = await Get(http, $"v1/jobs/{id}/progress", null);
        var missing = await Get(http, "v1/jobs/job-00000000-000000-0000/progress", null);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.Status, missing.Status));
        Assert.Equal(hidden.Body.GetProperty("detail").GetString()!.Replace(id, "ID", StringComparison.Ordinal),
            missing.Body.GetProperty("detail").GetString()!.Replace("job-00000000-000000-0000", "ID", StringComparison.Ordinal));
        Assert.DoesNotContain("materializ", hidden.Body.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Get(HttpClient http, string path, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var reply = await http.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();
        return (reply.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Dispose() => _home.Dispose();
}
