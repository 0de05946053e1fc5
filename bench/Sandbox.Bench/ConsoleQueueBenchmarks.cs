using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Sandbox.Host.Api;
using Sandbox.Host.Cli;
using Sandbox.Host.Demo;
using Sandbox.Host.Home;

namespace Sandbox.Bench;

/// <summary>
/// The web console's review queue over 1,000 pending exports on loopback (issue 19: a page under 200 ms), beside
/// the same data's JSON list from the API, the baseline: both authorize every export for the reviewer and page it
/// (50 rows); the page also reads each shown export's verdict and renders the HTML. Report the ratio of medians.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public partial class ConsoleQueueBenchmarks
{
    /// <summary>The pending exports in the queue.</summary>
    public const int Pending = 1000;

    private string _home = "";
    private WebApplication? _app;
    private HttpClient _api = new();
    private HttpClient _console = new();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GlobalSetup]
    public void Setup()
    {
        // 1. A home with the synthetic city, one job of zijin-credit and one export request, through the real CLI.
        _home = Directory.CreateTempSubdirectory("console-bench-").FullName;
        var policies = Path.Combine(RepositoryRoot(), "policies");
        Cli("init");
        Cli("policy", "apply", Path.Combine(policies, "principals.yaml"));
        Cli("policy", "apply", Path.Combine(policies, "images.yaml"));
        var (e, r) = SyntheticCity.Write(Path.Combine(_home, "inputs"), 400, 100);
        Cli("--as", "bureau-officer", "dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        Cli("--as", "bureau-officer", "dataset", "import", r, "--name", "residents", "--subject", "resident_id");
        Cli("--as", "bureau-officer", "policy", "apply", policies);
        var job = Path.Combine(_home, "job.yaml");
        File.WriteAllText(job, "grant: nj-credit-2026\nkind: sql\nqueries:\n  by_district: select district, count(*) as enterprises from enterprise_registry group by district\n");
        var jobId = JsonDocument.Parse(Cli("--as", "zijin-analyst", "job", "run", job, "--wait", "--json")).RootElement.GetProperty("id").GetString()!;
        Cli("--as", "zijin-analyst", "export", "request", jobId, "by_district", "--json");

        // 2. 999 more pending requests: copies of that one's row, as a busy month would leave them.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_home, "control.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Pending - 1})
                INSERT INTO exports(id, job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path)
                SELECT id || '-' || printf('%04d', i), job_id, output, path, sha256, requested_by, requested_at, state, report_json, release_id, bundle_path
                FROM exports, n
                """;
            command.ExecuteNonQuery();
        }

        // 3. The host on loopback, without the per-principal rate limit; the reviewer by token and by console cookie.
        _app = new ApiServer(new SandboxHome(_home), TimeProvider.System) { RequestsPerMinute = int.MaxValue }.Build("http://127.0.0.1:0");
        _app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(ApiServer.Address(_app));
        var token = Cli("token", "issue", "gov-reviewer").Trim();
        _api = new HttpClient { BaseAddress = address };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _console = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = address };
        var form = _console.GetStringAsync("/console/signin").GetAwaiter().GetResult();
        var signedIn = _console.PostAsync("/console/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = CsrfField().Match(form).Groups[1].Value,
            ["token"] = token,
        })).GetAwaiter().GetResult();
        var page = signedIn.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!page.Contains("gov-reviewer", StringComparison.Ordinal)) throw new InvalidOperationException("the bench could not sign in to the console");
        if (!Queue().Contains($"<span id=\"total\">{Pending}</span>", StringComparison.Ordinal)) throw new InvalidOperationException("the queue does not hold the pending exports");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _api.Dispose();
        _console.Dispose();
        _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_home, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "API: GET /v1/exports?pending=true&limit=50 (JSON)")]
    public string Api() => _api.GetStringAsync("/v1/exports?pending=true&limit=50").GetAwaiter().GetResult();

    [Benchmark(Description = "console: GET /console/exports (HTML, page 1 of 20)")]
    public string Queue() => _console.GetStringAsync("/console/exports").GetAwaiter().GetResult();

    [Benchmark(Description = "console: GET /console/exports?page=20 (HTML, the last page)")]
    public string LastPage() => _console.GetStringAsync("/console/exports?page=20").GetAwaiter().GetResult();

    private string Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SandboxCli.RunAsync([.. args, "--home", _home], output, error, TimeProvider.System).GetAwaiter().GetResult();
        return code == 0 ? output.ToString() : throw new InvalidOperationException($"sandbox {string.Join(' ', args)}: exit {code}: {error}");
    }

    private static string RepositoryRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Sandbox.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return dir;
    }
}
