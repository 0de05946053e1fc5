using System.Text.Json;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// <c>sandbox job run --server</c>: a real CLI process sends the job file to a real <c>sandbox serve</c> process as the
/// operator of its token; the host decides, runs and records it. Who may do what is the host's decision, as for any
/// API client: another operator's token, no token or a forged one gets nothing, and nothing of the server leaks.
/// </summary>
public sealed class RemoteJobRunTests : IDisposable
{
    private const string Sql = "q: select district, count(*) as n from enterprise_registry group by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    [Fact]
    public async Task RunOnServer_AsTheTokensOperator_RecordedByTheHostWithTheLocalRunsAnswer()
    {
        using var serve = ServeProcess.Start(_home);
        var token = _home.Ok("token", "issue", TestHome.Analyst).Trim();
        var file = _home.Job("nj-credit-2026", Sql);
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = token };

        var text = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--server", serve.Address.ToString()], env);
        Assert.True(text.Code == 0, text.Err + text.Out);
        Assert.Matches(@"^job job-\S+: succeeded \(exit 0, backend inprocess, grant nj-credit-2026\)", text.Out);
        Assert.Matches(@"\n  output q: \d+ rows, \d+ bytes, kept by the host\n", text.Out);

        // --json: the API's job body, and nothing of the server: no path of its home.
        var json = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--json"], new Dictionary<string, string>(env) { ["SANDBOX_SERVER"] = serve.Address.ToString() });
        Assert.Equal(0, json.Code);
        Assert.DoesNotContain(_home.Root, json.Out, StringComparison.Ordinal);
        var body = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("succeeded", body.GetProperty("state").GetString());
        Assert.Equal(TestHome.Analyst, body.GetProperty("submittedBy").GetString());

        // Without --wait: queued on the host, the id alone on stdout, as a local run prints it.
        var queued = await SandboxProcess.RunAsync(["job", "run", file, "--server", serve.Address.ToString()], env);
        Assert.Equal(0, queued.Code);
        Assert.Matches(@"^job-\S+\n$", queued.Out);
        Assert.Contains("queued on the host", queued.Err, StringComparison.Ordinal);
        Assert.Equal(TestHome.Analyst, JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "show", queued.Out.Trim(), "--json")).RootElement.GetProperty("submittedBy").GetString());

        // The host recorded it as the token's operator, and its output is what the same job run here answers.
        var id = body.GetProperty("id").GetString()!;
        var shown = JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "show", id, "--json")).RootElement;
        Assert.Equal(TestHome.Analyst, shown.GetProperty("submittedBy").GetString());
        var local = JsonDocument.Parse(_home.Ok("job", "run", file, "--wait", "--json")).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(File.ReadAllText(Path.Combine(_home.Root, "out", local, "q.csv")), File.ReadAllText(Path.Combine(_home.Root, "out", id, "q.csv")));
    }

    [Fact]
    public async Task RunOnServer_RefusalsAndErrors_ComeBackAsTheCliOwnInTheReadersLanguage()
    {
        using var serve = ServeProcess.Start(_home);
        var url = serve.Address.ToString();
        var token = _home.Ok("token", "issue", TestHome.Analyst).Trim();
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = token };

        // A job the policy refuses: it ran on the host and failed there, exit 1, the reason in the reader's language.
        var refused = _home.Job("nj-credit-2026", "names: select upper(legal_rep_name) as who, count(*) as n from enterprise_registry group by 1");
        var en = await SandboxProcess.RunAsync(["job", "run", refused, "--wait", "--server", url], env);
        Assert.Equal(1, en.Code);
        Assert.Contains(": failed (exit 1", en.Out, StringComparison.Ordinal);
        Assert.Contains("refused by policy", en.Out, StringComparison.Ordinal);
        var zh = await SandboxProcess.RunAsync(["job", "run", refused, "--wait", "--server", url, "--lang", "zh-CN"], env);
        Assert.Equal(1, zh.Code);
        Assert.Contains("策略", zh.Out, StringComparison.Ordinal);

        // A bad job file: the host's one line, named by the reader's path, exit 2.
        var bad = Path.Combine(_home.Root, "bad.yaml");
        File.WriteAllText(bad, "grant: nj-credit-2026\nkind: sql\nquery:\n  q: select 1\n");
        var input = await SandboxProcess.RunAsync(["job", "run", bad, "--wait", "--server", url], env);
        Assert.Equal(2, input.Code);
        Assert.StartsWith($"error: {bad}:", input.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(_home.Root + "/submitted", input.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnServer_WithoutTheRightToken_GetsNothingAndLeavesNoJob()
    {
        using var serve = ServeProcess.Start(_home);
        var url = serve.Address.ToString();
        var file = _home.Job("nj-credit-2026", Sql);
        var before = _home.Ok("--as", "gov-reviewer", "job", "list", "--json");

        // No token: refused here, before anything is sent; the variable is named.
        var none = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--server", url]);
        Assert.Equal(2, none.Code);
        Assert.Contains("SANDBOX_TOKEN", none.Err, StringComparison.Ordinal);

        // A forged token: forbidden by the host, and never echoed.
        const string forged = "sbx_forged-token-value-0123456789";
        var bad = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--server", url], new Dictionary<string, string> { ["SANDBOX_TOKEN"] = forged });
        Assert.Equal(1, bad.Code);
        Assert.DoesNotContain(forged, bad.Err + bad.Out, StringComparison.Ordinal);

        // Another operator's valid token on zijin's grant: the grant does not exist for it (hidden, as locally), exit 2.
        var harbor = _home.Ok("token", "issue", "harbor-analyst").Trim();
        var other = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--server", url], new Dictionary<string, string> { ["SANDBOX_TOKEN"] = harbor });
        Assert.Equal(2, other.Code);
        Assert.Contains("no grant 'nj-credit-2026'", other.Err, StringComparison.Ordinal);

        // Nothing ran: no new job but the refused one recorded as refused, none succeeded.
        var after = JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "list", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(JsonDocument.Parse(before).RootElement.GetArrayLength(), after.Count);
    }

    [Sandbox.Host.Tests.Backends.Docker.DockerFact]
    public async Task RunOnServer_AContainerJobWithFiles_SendsThemAsATarAndRunsThemThere()
    {
        using var serve = ServeProcess.Start(_home);
        var folder = Path.Combine(_home.Root, "jobs", "counter");
        Directory.CreateDirectory(Path.Combine(folder, "code", "lib"));
        File.WriteAllText(Path.Combine(folder, "code", "lib", "rows.py"), "ROWS = ['n', '7']\n");
        File.WriteAllText(Path.Combine(folder, "code", "main.py"), "import sys\nsys.path.insert(0, 'lib')\nfrom rows import ROWS\nopen('/out/seven.csv', 'w').write(chr(10).join(ROWS) + chr(10))\n");
        var file = Path.Combine(folder, "job.yaml");
        File.WriteAllLines(file, ["grant: nj-credit-2026", "kind: container", "image: sandbox/python", "command: [python3, main.py]", "files: ./code", "limits: { timeout: 60s }"]);
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = _home.Ok("token", "issue", TestHome.Analyst).Trim() };

        var run = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--json", "--backend", "docker", "--server", serve.Address.ToString()], env);
        Assert.True(run.Code == 0, run.Err + run.Out);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("n\n7\n", File.ReadAllText(Path.Combine(_home.Root, "out", id, "seven.csv")));

        // A folder outside the job file's: refused here, nothing sent (the same check as a local run).
        File.WriteAllLines(file, ["grant: nj-credit-2026", "kind: container", "image: sandbox/python", "command: [python3, main.py]", "files: ../..", "limits: { timeout: 60s }"]);
        var outside = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--backend", "docker", "--server", serve.Address.ToString()], env);
        Assert.Equal(2, outside.Code);
        Assert.Contains("files", outside.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunOnServer_BadAddresses_OneLineExit2()
    {
        var file = _home.Job("nj-credit-2026", Sql);
        var env = new Dictionary<string, string> { ["SANDBOX_TOKEN"] = "sbx_x" };
        var scheme = await SandboxProcess.RunAsync(["job", "run", file, "--server", "ftp://host/"], env);
        Assert.Equal(2, scheme.Code);
        Assert.Contains("not an http or https URL", scheme.Err, StringComparison.Ordinal);

        // The token is never sent in clear over the network: plain http only to a loopback address.
        var plain = await SandboxProcess.RunAsync(["job", "run", file, "--server", "http://sandbox.example.org:5080"], env);
        Assert.Equal(2, plain.Code);
        Assert.Contains("use https", plain.Err, StringComparison.Ordinal);
        // Who acts is the token's operator: an --as beside --server is refused rather than ignored.
        var actAs = await SandboxProcess.RunAsync(["--as", "bureau-officer", "job", "run", file, "--server", "http://127.0.0.1:1"], env);
        Assert.Equal(2, actAs.Code);
        Assert.Contains("--as", actAs.Err, StringComparison.Ordinal);

        // A port nobody listens on (a listener bound and closed just now).
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var gone = await SandboxProcess.RunAsync(["job", "run", file, "--wait", "--server", $"http://127.0.0.1:{port}"], env);
        Assert.Equal(2, gone.Code);
        Assert.Contains("no answer from the host", gone.Err, StringComparison.Ordinal);
        Assert.Single(gone.Err.Trim().Split('\n'));

        var detached = await SandboxProcess.RunAsync(["job", "run", file, "--detach", "--server", $"http://127.0.0.1:{port}"], env);
        Assert.Equal(2, detached.Code);
        Assert.Contains("--detach", detached.Err, StringComparison.Ordinal);
    }

    public void Dispose() => _home.Dispose();
}
