using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// A warm host: small jobs through a real Kestrel host on loopback, 4 in flight from 2 operator organizations, each
/// submitted with <c>?wait=true</c> and timed by its client from the request to the result. Every one succeeds with the
/// right answer. With SANDBOX_BENCH_OUT set, the median and p95 are written beside the floor of the same run: the same
/// query on the same materialized data in a DuckDB already open (bench/serve-latency.sh). No timing is asserted here.
/// </summary>
public sealed class ServeLatencyTests : IDisposable
{
    private const int Jobs = 200;

    // Run first and not timed: a host that has served a few jobs (its code compiled, its grant's instance open).
    // SANDBOX_BENCH_WARMUP raises it, to see the steady state once the JIT has tiered the job's code up.
    private static readonly int WarmUp = int.TryParse(Environment.GetEnvironmentVariable("SANDBOX_BENCH_WARMUP"), out var n) && n > 0 ? n : 20;
    private const string Sql = "select district, count(*) as n from enterprise_registry group by district";
    // As many workers as jobs in flight, unless SANDBOX_BENCH_WORKERS says otherwise.
    private static readonly int Workers = int.TryParse(Environment.GetEnvironmentVariable("SANDBOX_BENCH_WORKERS"), out var w) && w > 0 ? w : 4;
    private static readonly string[] Operators = ["zijin-analyst", "harbor-analyst"];

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    [Fact]
    public async Task Submit_SmallJobs4InFlightFrom2Operators_EachAnswersWithItsResult()
    {
        ServeOperators.Add(_home, Operators);
        var tokens = Operators.ToDictionary(o => o, o => _home.Ok("token", "issue", o).Trim());
        // In this process, or (bench/serve-latency.sh) the host as deployed: `sandbox serve` of a published build, its own process.
        await using var host = await LatencyHost.StartAsync(_home, Workers, Environment.GetEnvironmentVariable("SANDBOX_BENCH_HOST"));
        using var client = new HttpClient { BaseAddress = host.Address };

        // Two clients per organization, each submitting its share one after the other and waiting for each result.
        // Each job's statement differs (its count's name), so nothing a job learns about one statement serves the next.
        var next = 0;
        async Task<List<double>> Submit(int count)
        {
            return (await Task.WhenAll(Operators.SelectMany(op => new[] { op, op }).Select(async op =>
            {
                var mine = new List<double>();
                int i;
                while ((i = Interlocked.Increment(ref next)) <= count)
                {
                    var body = $"grant: {ServeOperators.GrantOf(op)}\nkind: sql\nqueries:\n  by_district: {Sql.Replace(" as n ", $" as n{i} ", StringComparison.Ordinal)}\nlimits: {{ timeout: 60s }}\n";
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs?wait=true") { Content = new StringContent(body, Encoding.UTF8, "application/yaml") };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[op]);
                    var watch = Stopwatch.StartNew();
                    using var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    mine.Add(watch.Elapsed.TotalMilliseconds);
                    Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                    Assert.Equal("succeeded", JsonDocument.Parse(text).RootElement.GetProperty("state").GetString());
                }
                return mine;
            }))).SelectMany(l => l).Order().ToList();
        }
        await Submit(WarmUp);
        next = 0;
        var cpu = host.ProcessorTime();
        var latencies = await Submit(Jobs);
        cpu = host.ProcessorTime() - cpu;
        Assert.Equal(Jobs, latencies.Count);

        // Each result is the query's: the output equals the same query run on the grant's materialized data.
        var database = Directory.GetFiles(Path.Combine(_home.Root, "materialized", "nj-credit-2026"), "enterprise_registry.*.parquet").Single();
        var jobs = JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "list", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(WarmUp + Jobs, jobs.Count(j => j.GetProperty("state").GetString() == "succeeded"));
        var output = File.ReadAllLines(Path.Combine(_home.Root, "out", jobs[0].GetProperty("id").GetString()!, "by_district.csv")).Skip(1).Order(StringComparer.Ordinal);
        Assert.Equal(Floor(database, 1).Rows.Order(StringComparer.Ordinal), output);

        if (Environment.GetEnvironmentVariable("SANDBOX_BENCH_OUT") is { Length: > 0 } outFile)
        {
            var floor = Floor(database, Jobs).Milliseconds;
            File.WriteAllText(outFile, string.Create(CultureInfo.InvariantCulture, $"""
                warm host, {host.Kind} ({Jobs} small jobs after {WarmUp} untimed, 4 in flight from 2 operators, {Workers} workers, POST /v1/jobs?wait=true over loopback, inprocess backend): submit-to-result p50 {Percentile(latencies, 0.5):0.0} ms, p95 {Percentile(latencies, 0.95):0.0} ms; CPU {cpu.TotalMilliseconds / Jobs:0.0} ms per job ({host.CpuOf})
                floor, same run: the same query on the same materialized data in a DuckDB already open: p50 {Percentile(floor, 0.5):0.00} ms ({Percentile(latencies, 0.5) / Percentile(floor, 0.5):0}x)

                """));
        }
    }

    // The query on the grant's materialized database, read-only, in one open DuckDB: each run's milliseconds, and the rows as CSV.
    // The query in a DuckDB already open, over a view of the same masked Parquet (as a job reads it).
    private static (List<double> Milliseconds, List<string> Rows) Floor(string parquet, int runs)
    {
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using (var view = duck.CreateCommand())
        {
            view.CommandText = $"CREATE VIEW enterprise_registry AS SELECT * FROM read_parquet('{parquet}')";
            view.ExecuteNonQuery();
        }
        var times = new List<double>();
        var rows = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            rows.Clear();
            var watch = Stopwatch.StartNew();
            using var command = duck.CreateCommand();
            command.CommandText = Sql;
            using var reader = command.ExecuteReader();
            while (reader.Read()) rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetValue(0)},{reader.GetValue(1)}"));
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return ([.. times.Order()], rows);
    }

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    public void Dispose() => _home.Dispose();
}
