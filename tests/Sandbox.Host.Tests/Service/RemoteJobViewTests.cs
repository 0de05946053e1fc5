using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// <c>sandbox job wait|show|logs ID --server</c>: a real CLI process asks a real <c>sandbox serve</c> process about a
/// job as the principal of its token, and prints the host's answer as the local command prints the same job, with the
/// same exit codes, in the reader's language. A job the token's principal may not see is answered as missing; a forged
/// token gets nothing and is never echoed; plain http goes to this machine only.
/// </summary>
public sealed class RemoteJobViewTests : IDisposable
{
    private const string Sql = "q: select district, count(*) as n from enterprise_registry group by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    [Fact]
    public async Task WaitShowLogs_OnServer_PrintTheHostsJobAsTheLocalCommandsDo_InEnglishAndChinese()
    {
        using var serve = ServeProcess.Start(_home);
        var url = serve.Address.ToString();
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = _home.Ok("token", "issue", TestHome.Analyst).Trim() };
        var queued = await SandboxProcess.RunAsync(["job", "run", _home.Job("nj-credit-2026", Sql), "--server", url], env);
        Assert.True(queued.Code == 0, queued.Err);
        var id = queued.Out.Trim();

        // wait: the states it sees on stderr, the ended job on stdout as `job show` prints it, exit 0 for succeeded.
        var wait = await SandboxProcess.RunAsync(["job", "wait", id, "--server", url], env);
        Assert.True(wait.Code == 0, wait.Err);
        Assert.Matches($@"(^|\n)job {id}: succeeded \(\d+\.\d s\)\n$", wait.Err);
        Assert.StartsWith($"job {id}: succeeded (exit 0, backend inprocess, grant nj-credit-2026)\n", wait.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n  output q: \d+ rows, \d+ bytes, kept by the host\n", wait.Out);

        // show: the same lines; the summary is the local `job show`'s own.
        var show = await SandboxProcess.RunAsync(["job", "show", id], new Dictionary<string, string>(env) { ["SANDBOX_SERVER"] = url });
        Assert.Equal((0, wait.Out), (show.Code, show.Out));
        Assert.Equal(_home.Ok("--as", TestHome.Analyst, "job", "show", id).Split('\n')[0], show.Out.Split('\n')[0]);

        // --json: the API's body, no path of the host's home.
        var json = await SandboxProcess.RunAsync(["job", "show", id, "--json", "--server", url], env);
        Assert.Equal(0, json.Code);
        Assert.DoesNotContain(_home.Root, json.Out, StringComparison.Ordinal);
        var body = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(("succeeded", TestHome.Analyst), (body.GetProperty("state").GetString(), body.GetProperty("submittedBy").GetString()));
        var waited = await SandboxProcess.RunAsync(["job", "wait", id, "--json", "--server", url], env);
        Assert.Equal("succeeded", JsonDocument.Parse(waited.Out).RootElement.GetProperty("state").GetString());

        // logs: as the local command (a SQL job writes none), and the API's body with --json.
        var logs = await SandboxProcess.RunAsync(["job", "logs", id, "--server", url], env);
        Assert.Equal((0, $"{id}: succeeded\n"), (logs.Code, logs.Out));
        Assert.Equal(_home.Ok("--as", TestHome.Analyst, "job", "logs", id), logs.Out);
        var logsJson = JsonDocument.Parse((await SandboxProcess.RunAsync(["job", "logs", id, "--json", "--server", url], env)).Out).RootElement;
        Assert.Equal((id, 0), (logsJson.GetProperty("id").GetString(), logsJson.GetProperty("lines").GetArrayLength()));

        // In Chinese: the host's job in the reader's language.
        var zh = await SandboxProcess.RunAsync(["--lang", "zh-CN", "job", "wait", id, "--server", url], env);
        Assert.Equal(0, zh.Code);
        Assert.Matches($@"作业 {id}：succeeded（\d+\.\d 秒）\n$", zh.Err);
        Assert.Equal(_home.Ok("--lang", "zh-CN", "--as", TestHome.Analyst, "job", "show", id).Split('\n')[0], zh.Out.Split('\n')[0]);
        Assert.DoesNotContain("kept by the host", zh.Out, StringComparison.Ordinal);

        // A job that failed: wait and show tell why, in the reader's language; wait exits 1 as a local wait does.
        var refused = await SandboxProcess.RunAsync(["job", "run", _home.Job("nj-credit-2026", "names: select upper(legal_rep_name) as who, count(*) as n from enterprise_registry group by 1"), "--json", "--server", url], env);
        var refusedId = JsonDocument.Parse(refused.Out).RootElement.GetProperty("id").GetString()!;
        var failed = await SandboxProcess.RunAsync(["--lang", "zh-CN", "job", "wait", refusedId, "--server", url], env);
        Assert.Equal(1, failed.Code);
        Assert.Contains("策略", failed.Out, StringComparison.Ordinal);
        Assert.Equal(_home.Ok("--lang", "zh-CN", "--as", TestHome.Analyst, "job", "show", refusedId), failed.Out);
    }

    [Fact]
    public async Task WaitShowLogs_OnServer_WithoutTheRightToken_AnsweredAsMissingOrRefused_NeverEchoed()
    {
        using var serve = ServeProcess.Start(_home);
        var url = serve.Address.ToString();
        var id = JsonDocument.Parse(_home.Ok("--as", TestHome.Analyst, "job", "run", _home.Job("nj-credit-2026", Sql), "--wait", "--json")).RootElement.GetProperty("id").GetString()!;

        // Another operator's token: the job does not exist for it, as locally (`--as harbor-analyst job show`), exit 2, in both languages.
        var harbor = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = _home.Ok("token", "issue", "harbor-analyst").Trim() };
        var local = _home.Run("--as", "harbor-analyst", "job", "show", id);
        foreach (var command in new[] { "show", "logs", "wait" })
        {
            var other = await SandboxProcess.RunAsync(["job", command, id, "--server", url], harbor);
            Assert.Equal((2, local.Err), (other.Code, other.Err));
            Assert.Equal("", other.Out);
        }
        var zh = await SandboxProcess.RunAsync(["--lang", "zh-CN", "job", "show", id, "--server", url], harbor);
        Assert.Equal((2, $"错误：ID：没有作业“{id}”\n"), (zh.Code, zh.Err));

        // A forged token: forbidden by the host, exit 1, and never echoed.
        const string forged = "sbx_forged-token-value-0123456789";
        foreach (var command in new[] { "show", "logs", "wait" })
        {
            var bad = await SandboxProcess.RunAsync(["job", command, id, "--server", url], new Dictionary<string, string> { ["SANDBOX_TOKEN"] = forged });
            Assert.Equal(1, bad.Code);
            Assert.DoesNotContain(forged, bad.Err + bad.Out, StringComparison.Ordinal);
        }

        // No token: refused here, the variable named; plain http off this machine refused before anything is sent; --as beside --server refused.
        var none = await SandboxProcess.RunAsync(["job", "wait", id, "--server", url]);
        Assert.Equal(2, none.Code);
        Assert.Contains("SANDBOX_TOKEN", none.Err, StringComparison.Ordinal);
        var plain = await SandboxProcess.RunAsync(["job", "show", id, "--server", "http://sandbox.example.org:5080"], harbor);
        Assert.Equal(2, plain.Code);
        Assert.Contains("use https", plain.Err, StringComparison.Ordinal);
        var plainZh = await SandboxProcess.RunAsync(["--lang", "zh-CN", "job", "logs", id, "--server", "http://sandbox.example.org:5080"], harbor);
        Assert.Equal(2, plainZh.Code);
        Assert.StartsWith("错误：", plainZh.Err, StringComparison.Ordinal);
        var actAs = await SandboxProcess.RunAsync(["--as", TestHome.Analyst, "job", "wait", id, "--server", url], harbor);
        Assert.Equal(2, actAs.Code);
        Assert.Contains("--as", actAs.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_OnServer_AJobThatDoesNotEndInTime_TimeoutRefusedAndTheJobGoesOn()
    {
        // The host's worker is held while it stages the job (a table's first build, at its crash point): the job stays
        // in staging for as long as the test needs.
        var marker = Path.Combine(_home.Root, "paused");
        using var serve = ServeProcess.Start(_home, new Dictionary<string, string> { [CrashPoint.Variable] = $"{CrashPoint.MaterializeWritten}:{marker}" });
        var url = serve.Address.ToString();
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = _home.Ok("token", "issue", TestHome.Analyst).Trim() };
        var id = (await SandboxProcess.RunAsync(["job", "run", _home.Job("nj-credit-2026", Sql), "--server", url], env)).Out.Trim();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(marker))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "the host never reached its crash point");
            await Task.Delay(50);
        }

        foreach (var (lang, said) in new[] { ("en", $"job {id} has not ended after 00:00:01; it goes on"), ("zh-CN", $"作业 {id} 在 00:00:01 后仍未结束，将继续运行") })
        {
            var wait = await SandboxProcess.RunAsync(["--lang", lang, "job", "wait", id, "--timeout", "00:00:01", "--server", url], env);
            Assert.Equal(1, wait.Code);
            Assert.Contains(said, wait.Err, StringComparison.Ordinal);
            Assert.Contains("staging", wait.Err, StringComparison.Ordinal);
            Assert.Equal("", wait.Out);
        }
        serve.Kill();
    }

    public void Dispose() => _home.Dispose();
}
