using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Native;

/// <summary>
/// The host's native image (Native AOT, <c>bench/publish.sh</c>) runs a job as the runtime build does: the
/// same decisions, outputs and answers, byte for byte where nothing differs by design (a job's id and times). It has
/// no reflection-based serializer and no code generation at run time, so what it cannot do fails loudly; these tests
/// hold the job's path (first use of a table, run, refusal, bad input, its JSON answers, an export request's evidence)
/// to that. Each runs both images as processes on one home.
/// </summary>
public sealed partial class NativeImageTests : IDisposable
{
    private const string Query = "q: select district, count(*) as n from residents group by district order by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 50, residents: 400);

    public void Dispose() => _home.Dispose();

    private static string Native => NativeFactAttribute.Image
        ?? throw new InvalidOperationException("SANDBOX_REQUIRE_NATIVE=1 but SANDBOX_NATIVE_HOST names no native image (publish it: bench/publish.sh)");

    private Task<(int Code, string Out, string Err)> RunAsync(string? executable, params string[] args) =>
        SandboxProcess.RunAsync(["--home", _home.Root, "--as", TestHome.Analyst, .. args], executable: executable);

    [NativeFact]
    public async Task JobRun_FirstUseThenAgain_GivesTheRuntimeBuildsOutputsAndAnswers()
    {
        var job = _home.Job("nj-credit-2026", Query);

        // The first use of the table materializes it in the native image.
        var (code, output, error) = await RunAsync(Native, "job", "run", job, "--wait", "--json");
        Assert.True(code == 0, error + output);
        var native = JsonDocument.Parse(output).RootElement;
        Assert.Equal("succeeded", native.GetProperty("state").GetString());
        var runtime = await RunAsync(null, "job", "run", job, "--wait", "--json");
        Assert.True(runtime.Code == 0, runtime.Err);
        var other = JsonDocument.Parse(runtime.Out).RootElement;

        // The same answer's shape, the same outputs.
        Assert.Equal(Keys(other), Keys(native));
        Assert.Equal(File.ReadAllText(OutputOf(other)), File.ReadAllText(OutputOf(native)));
        Assert.True(File.ReadAllLines(OutputOf(native)).Length > 2, File.ReadAllText(OutputOf(native)));

        // Read-only answers about the same job are the same bytes from either image.
        var id = native.GetProperty("id").GetString()!;
        foreach (var args in new[] { new[] { "job", "show", id, "--json" }, ["job", "show", id], ["job", "list", "--json"], ["job", "check", job, "--json"] })
        {
            var (a, b) = (await RunAsync(Native, args), await RunAsync(null, args));
            Assert.Equal((b.Code, b.Out, b.Err), (a.Code, a.Out, a.Err));
        }
    }

    [NativeFact]
    public async Task JobRun_RefusedColumnAndBadInput_AreRefusedAsTheRuntimeBuildRefusesThem()
    {
        var refused = _home.Job("nj-credit-2026", "q: select name from residents");
        var broken = Path.Combine(_home.Root, "broken.yaml");
        await File.WriteAllTextAsync(broken, "grant: nj-credit-2026\nkind: sql\nqueries:\n  q: [\n");
        var foreign = _home.Job("no-such-grant", Query);

        foreach (var args in new[]
        {
            new[] { "job", "run", refused, "--wait" }, ["job", "run", refused, "--wait", "--json"], ["job", "run", broken, "--wait"],
            ["job", "run", broken, "--wait", "--json"], ["job", "run", foreign, "--wait", "--lang", "zh-CN"], ["job", "check", refused, "--json"],
        })
        {
            var a = await RunAsync(Native, args);
            var b = await RunAsync(null, args);
            Assert.True(a.Code is 1 or 2, string.Join(' ', args) + ": " + a.Err + a.Out);
            Assert.Equal((b.Code, WithoutIds(b.Out), WithoutIds(b.Err)), (a.Code, WithoutIds(a.Out), WithoutIds(a.Err)));
        }
        Assert.DoesNotContain("unexpected", (await RunAsync(Native, "job", "run", refused, "--wait")).Err, StringComparison.Ordinal);
    }

    [NativeFact]
    public async Task ExportRequest_OfANativeJob_MeasuresTheEvidenceTheRuntimeBuildMeasures()
    {
        var job = _home.Job("nj-credit-2026", Query);
        var ids = new List<string>();
        foreach (var image in new[] { Native, null })
        {
            var (code, output, error) = await RunAsync(image, "job", "run", job, "--wait", "--json");
            Assert.True(code == 0, error);
            ids.Add(JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!);
        }

        var native = await RunAsync(Native, "export", "request", ids[0], "q", "--json");
        var runtime = await RunAsync(null, "export", "request", ids[1], "q", "--json");

        Assert.True(native.Code == runtime.Code, native.Err + native.Out);
        Assert.Equal(WithoutIds(runtime.Out), WithoutIds(native.Out));
        Assert.Contains("\"checks\"", native.Out, StringComparison.Ordinal);
    }

    [NativeFact]
    public async Task MlJob_TrainsInTheRunnerBesideTheImage_AsTheRuntimeBuildTrains()
    {
        var job = Path.Combine(_home.Root, "ml.yaml");
        await File.WriteAllLinesAsync(job,
        [
            "grant: nj-credit-2026", "kind: ml", "task: binary",
            "query: select district, industry, year(established) as founded, registered_capital > 400 as big from enterprise_registry",
            "label: big", "features: [district, industry, founded]", "trainer: lbfgs", "holdout: 0.25", "seed: 11", "limits: { timeout: 60s }",
        ]);
        var runs = new List<JsonElement>();
        foreach (var image in new[] { Native, null })
        {
            var (code, output, error) = await RunAsync(image, "job", "run", job, "--wait", "--json");
            Assert.True(code == 0, error + output);
            runs.Add(JsonDocument.Parse(output).RootElement);
        }

        Assert.Equal(Keys(runs[1]), Keys(runs[0]));
        Assert.Equal(Names(runs[1]), Names(runs[0]));
        // The same runner code on the same rows with the same seed: the same model's metrics (the model file's hash
        // differs with the time its zip entries were written).
        Assert.Equal(WithoutHash(File.ReadAllText(PathOf(runs[1], "metrics.json"))), WithoutHash(File.ReadAllText(PathOf(runs[0], "metrics.json"))));
        var (_, shown, _) = await RunAsync(Native, "job", "show", runs[0].GetProperty("id").GetString()!, "--json");
        Assert.Equal("runner", JsonDocument.Parse(shown).RootElement.GetProperty("usage").GetProperty("attribution").GetString());
    }

    [NativeFact]
    public async Task Serve_AnswersTheApiAndTheConsoleAsTheRuntimeBuildDoes()
    {
        var token = _home.Ok("token", "issue", TestHome.Analyst).Trim();
        var job = await File.ReadAllTextAsync(_home.Job("nj-credit-2026", Query));
        using var native = await Server.StartAsync(Native, _home.Root, token);
        using var runtime = await Server.StartAsync(null, _home.Root, token);

        // The contract: the same document, drawn from the same types (each names its own address).
        Assert.Equal((await runtime.Client.GetStringAsync("/openapi/v1.json")).Replace(runtime.Client.BaseAddress!.ToString(), "URL", StringComparison.Ordinal),
            (await native.Client.GetStringAsync("/openapi/v1.json")).Replace(native.Client.BaseAddress!.ToString(), "URL", StringComparison.Ordinal));

        // A job submitted to the native server runs there; both servers then tell it the same.
        using var submitted = await native.Client.PostAsync("/v1/jobs?wait=true", new StringContent(job, System.Text.Encoding.UTF8, "application/yaml"));
        var body = await submitted.Content.ReadAsStringAsync();
        Assert.True(submitted.IsSuccessStatusCode, body);
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", JsonDocument.Parse(body).RootElement.GetProperty("state").GetString());
        foreach (var path in new[] { $"/v1/jobs/{id}", "/v1/jobs", "/v1/grants", "/v1/datasets/residents", "/v1/jobs/job-nope", "/v1/exports/../../keys" })
        {
            var (a, b) = (await native.GetAsync(path), await runtime.GetAsync(path));
            Assert.Equal(b, a);
        }
        // An export request over the API, then shown by both servers (its checks read back from the store).
        using var requested = await native.Client.PostAsync("/v1/exports", new StringContent($"{{\"job\": \"{id}\", \"output\": \"q\"}}", System.Text.Encoding.UTF8, "application/json"));
        var report = await requested.Content.ReadAsStringAsync();
        Assert.True(requested.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.UnprocessableEntity, report);
        var export = JsonDocument.Parse(report).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(await runtime.GetAsync($"/v1/exports/{export}"), await native.GetAsync($"/v1/exports/{export}"));
        // The command line as a client of the native server (`--server`, the token in SANDBOX_TOKEN).
        var remote = await SandboxProcess.RunAsync(["job", "show", id, "--server", native.Client.BaseAddress!.ToString(), "--json"],
            new Dictionary<string, string> { ["SANDBOX_TOKEN"] = token }, executable: Native);
        Assert.True(remote.Code == 0, remote.Err + remote.Out);
        Assert.Contains(id, remote.Out, StringComparison.Ordinal);

        // A refusal of the host's own (no token) and a domain refusal, as problem details.
        using var anonymous = new HttpClient { BaseAddress = native.Client.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/jobs")).StatusCode);

        // The console's sign-in page: a Razor component with its antiforgery token, rendered by the image.
        var (status, page) = await native.GetAsync("/console/signin");
        Assert.Equal(200, status);
        Assert.Contains("<form", page, StringComparison.Ordinal);
        Assert.Equal(WithoutTokens(page), WithoutTokens((await runtime.GetAsync("/console/signin")).Body));
    }

    [NativeFact]
    public async Task DockerBackend_RunsASqlJobAsTheRuntimeBuildDoes()
    {
        if (Backends.Docker.DockerFactAttribute.Unavailable is { } why)
        {
            // CI has the engine and the images (SANDBOX_REQUIRE_DOCKER=1); elsewhere this fact says what it lacked.
            Assert.True(Environment.GetEnvironmentVariable("SANDBOX_REQUIRE_DOCKER") != "1", why);
            return;
        }
        var job = _home.Job("nj-credit-2026", Query);
        var runs = new List<JsonElement>();
        foreach (var image in new[] { Native, null })
        {
            var (code, output, error) = await RunAsync(image, "job", "run", job, "--wait", "--json", "--backend", "docker");
            Assert.True(code == 0, error + output);
            runs.Add(JsonDocument.Parse(output).RootElement);
        }

        Assert.Equal("docker", runs[0].GetProperty("backend").GetString());
        Assert.Equal(Keys(runs[1]), Keys(runs[0]));
        Assert.Equal(File.ReadAllText(OutputOf(runs[1])), File.ReadAllText(OutputOf(runs[0])));
    }

    [NativeFact]
    public async Task DatasetDummyAndAnnualReport_AnswerAsTheRuntimeBuildDoes()
    {
        Task<(int Code, string Out, string Err)> As(string? image, params string[] args) => SandboxProcess.RunAsync(["--home", _home.Root, .. args], executable: image);

        // A dataset's answer, byte for byte.
        var (a, b) = (await As(Native, "--as", "bureau-officer", "dataset", "show", "residents", "--json"), await As(null, "--as", "bureau-officer", "dataset", "show", "residents", "--json"));
        Assert.True(a.Code == 0, a.Err);
        Assert.Equal(b.Out, a.Out);

        // Dummy data written by the image, read back by it for a SQL job and an ml job (the runner beside it).
        var dummy = Path.Combine(Path.GetTempPath(), "sandbox-native-dummy-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var made = await As(Native, "--as", TestHome.Analyst, "dummy", "nj-credit-2026", "--out", dummy, "--rows", "500");
            Assert.True(made.Code == 0, made.Err + made.Out);
            var sql = await As(Native, "--as", TestHome.Analyst, "job", "run", "--dummy", dummy, _home.Job("nj-credit-2026", Query), "--json");
            Assert.True(sql.Code == 0, sql.Err + sql.Out);
            var runtimeSql = await As(null, "--as", TestHome.Analyst, "job", "run", "--dummy", dummy, _home.Job("nj-credit-2026", Query), "--json");
            Assert.Equal(WithoutRun(runtimeSql.Out), WithoutRun(sql.Out));
            var ml = Path.Combine(_home.Root, "dummy-ml.yaml");
            await File.WriteAllLinesAsync(ml, ["grant: nj-credit-2026", "kind: ml", "task: binary", "query: select district, industry, registered_capital > 400 as big from enterprise_registry",
                "label: big", "features: [district, industry]", "trainer: lbfgs", "seed: 3", "limits: { timeout: 60s }"]);
            var trained = await As(Native, "--as", TestHome.Analyst, "job", "run", "--dummy", dummy, ml, "--json");
            Assert.True(trained.Code == 0, trained.Err + trained.Out);
        }
        finally
        {
            if (Directory.Exists(dummy)) Directory.Delete(dummy, recursive: true);
        }

        // The annual report: the same report, and the image's signed copy verifies.
        var signed = Path.Combine(_home.Root, "annual-native");
        var report = await As(Native, "--as", "bureau-officer", "report", "annual", "--operator", "zijin-credit", "--year", "1", "--json", "--out", signed);
        Assert.True(report.Code == 0, report.Err + report.Out);
        var runtimeReport = await As(null, "--as", "bureau-officer", "report", "annual", "--operator", "zijin-credit", "--year", "1", "--json");
        Assert.Equal(WithoutIds(runtimeReport.Out), WithoutIds(report.Out));
        Assert.Empty(Sandbox.Host.Reports.SignedReport.Verify(signed, Convert.FromHexString(_home.Ok("keys", "show").Trim().Split(' ', '\n').Last(w => w.Length == 64))));
    }

    // A dummy run's folder and the job file's path differ from run to run.
    private static string WithoutRun(string json) => Regex.Replace(WithoutIds(json), "\"(directory|path)\": ?\"[^\"]*\"", "\"$1\": \"\"");

    private static string[] Names(JsonElement job) => [.. job.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()!)];

    private static string PathOf(JsonElement job, string output) =>
        job.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == output).GetProperty("path").GetString()!;

    private static string WithoutHash(string metrics) => Regex.Replace(metrics, "\"modelSha256\": \"[0-9a-f]{64}\"", "\"modelSha256\": \"HASH\"");

    // A form's antiforgery token differs from one rendering to the next by design.
    private static string WithoutTokens(string page) => Regex.Replace(page, "value=\"[A-Za-z0-9_-]{40,}\"", "value=\"TOKEN\"");

    /// <summary>A `sandbox serve` of one image on a free port, asked with a token, stopped when disposed.</summary>
    private sealed class Server : IDisposable
    {
        private readonly System.Diagnostics.Process _process;

        private Server(System.Diagnostics.Process process, string address, string token)
        {
            _process = process;
            Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        public HttpClient Client { get; }

        public static async Task<Server> StartAsync(string? image, string home, string token)
        {
            var process = SandboxProcess.Start(["--home", home, "serve", "--urls", "http://127.0.0.1:0"], executable: image);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                // "serving HOME on ADDRESS (Ctrl-C or SIGTERM stops)"; what it says after that (its request log) is read and dropped.
                if (Serving().Match(line) is { Success: true } serving)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new Server(process, serving.Groups[1].Value, token);
                }
            }
            process.Kill();
            throw new InvalidOperationException($"serve ({image ?? "runtime"}) ended before serving: {await process.StandardError.ReadToEndAsync()}");
        }

        public async Task<(int Status, string Body)> GetAsync(string path)
        {
            using var response = await Client.GetAsync(path);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        public void Dispose()
        {
            Client.Dispose();
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
    }

    private static string[] Keys(JsonElement job) => [.. job.EnumerateObject().Select(p => p.Name)];

    private static string OutputOf(JsonElement job) => job.GetProperty("outputs")[0].GetProperty("path").GetString()!;

    // A job's, an export's or an incident's id, and a time, differ between two runs by design.
    private static string WithoutIds(string text) => Ids().Replace(text, "ID");

    [GeneratedRegex(@"^serving .* on (http://\S+) \(")]
    private static partial Regex Serving();

    [GeneratedRegex(@"(job|exp|inc)-[0-9a-z-]+|\d{4}-\d{2}-\d{2}[T ][0-9:.]+Z?(\+00:00)?")]
    private static partial Regex Ids();
}

/// <summary>
/// A fact about the native image named by <c>SANDBOX_NATIVE_HOST</c> (published by <c>bench/publish.sh</c>,
/// which CI runs). Without it the fact is skipped and says so; with <c>SANDBOX_REQUIRE_NATIVE=1</c> (CI) it is never
/// skipped, so a missing image fails loudly instead.
/// </summary>
public sealed class NativeFactAttribute : FactAttribute
{
    /// <summary>The native image's path, when one is given and exists.</summary>
    public static string? Image => Environment.GetEnvironmentVariable("SANDBOX_NATIVE_HOST") is { Length: > 0 } path && File.Exists(path) ? path : null;

    public NativeFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SANDBOX_REQUIRE_NATIVE") != "1" && Image is null) Skip = "no native image: SANDBOX_NATIVE_HOST is not set to one (publish it with bench/publish.sh; CI does and never skips this)";
    }
}
