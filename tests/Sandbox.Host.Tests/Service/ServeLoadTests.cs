using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Api;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// Load on loopback, bounded in count and time: 200 submissions from 4 operator organizations (50 each, all four
/// submitting at once) to a real Kestrel host with 2 inprocess workers. None is lost or
/// run twice, the fair queue keeps each organization's median wait within 2× of every other's, and the host's memory
/// stays bounded. With SANDBOX_BENCH_OUT set, the throughput and latency figures are written there beside those of
/// the same kind of job run one by one through the CLI in the same run (bench/service-load.sh).
/// </summary>
public sealed class ServeLoadTests : IDisposable
{
    private const int PerOperator = 50;
    private const string Query = "by_district: select district, count(*) as n from enterprise_registry group by district";
    private static readonly string[] Operators = ["zijin-analyst", "harbor-analyst", "orchid-analyst", "river-analyst"];

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    [Fact]
    public async Task Submit_200JobsFrom4Operators_NoneLostOrDuplicatedAndFairlyServed()
    {
        ServeOperators.Add(_home, Operators);
        var tokens = Operators.ToDictionary(o => o, o => _home.Ok("token", "issue", o).Trim());
        var body = $"grant: GRANT\nkind: sql\nqueries:\n  {Query}\nlimits: {{ timeout: 60s }}\n";

        // The host runs on the real clock: waits and latencies are its own timestamps.
        await using var app = new ApiServer(new SandboxHome(_home.Root), TimeProvider.System) { WorkersPerBackend = 2, RequestsPerMinute = 100_000 }.Build("http://127.0.0.1:0");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(ApiServer.Address(app)) };
        var memory = new MemoryWatch();

        // 1. The four organizations submit at once, 50 jobs each, as fast as the API answers.
        var clock = Stopwatch.StartNew();
        var submitted = (await Task.WhenAll(Operators.Select(async op =>
        {
            var ids = new List<(string Operator, string Id)>();
            for (var i = 0; i < PerOperator; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = new StringContent(body.Replace("GRANT", ServeOperators.GrantOf(op), StringComparison.Ordinal), Encoding.UTF8, "application/yaml") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[op]);
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids.Add((op, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!));
            }
            return ids;
        }))).SelectMany(ids => ids).ToList();

        // 2. Until every job has ended, at most 3 minutes.
        var jobs = new Dictionary<string, JsonElement>();
        while (true)
        {
            jobs = JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "list", "--json")).RootElement.EnumerateArray()
                .ToDictionary(j => j.GetProperty("id").GetString()!, j => j.Clone());
            if (submitted.All(s => jobs[s.Id].GetProperty("state").GetString() is not ("queued" or "staging" or "running"))) break;
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "the 200 jobs did not end within 3 minutes");
            await Task.Delay(200);
        }
        var elapsed = clock.Elapsed;
        memory.Stop();

        // 3. None lost, none run twice: 200 distinct ids, each succeeded, each started once in the audit log.
        Assert.Equal(200, submitted.Select(s => s.Id).Distinct().Count());
        var incidents = Path.Combine(_home.Root, "logs", "incidents.log");
        Assert.All(submitted, s => Assert.True(jobs[s.Id].GetProperty("state").GetString() == "succeeded",
            jobs[s.Id] + (File.Exists(incidents) ? File.ReadAllText(incidents)[..Math.Min(3000, (int)new FileInfo(incidents).Length)] : "")));
        var starts = JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "job.start").GroupBy(e => e.GetProperty("subject").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(submitted, s => Assert.Equal(1, starts.GetValueOrDefault(s.Id)));

        // 4. Fair: started-at minus submitted-at, per organization; the medians within 2× of each other.
        var startedAt = JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "job.start")
            .ToDictionary(e => e.GetProperty("subject").GetString()!, e => e.GetProperty("at").GetDateTimeOffset());
        var waits = submitted.GroupBy(s => s.Operator).ToDictionary(g => g.Key, g => Median(g.Select(s => (startedAt[s.Id] - Created(jobs[s.Id])).TotalSeconds)));
        Assert.True(waits.Values.Max() <= 2 * Math.Max(waits.Values.Min(), 0.05), "median waits: " + string.Join(", ", waits.Select(w => $"{w.Key} {w.Value:0.00}s")));

        // 5. Memory bounded: the host's working set stayed under 1.5 GiB (the city is a few MB; 200 jobs queue as rows).
        Assert.True(memory.PeakBytes < 3L << 29, $"peak working set {memory.PeakBytes >> 20} MiB");

        if (Environment.GetEnvironmentVariable("SANDBOX_BENCH_OUT") is { Length: > 0 } outFile)
        {
            var latencies = submitted.Select(s => (Finished(jobs[s.Id]) - Created(jobs[s.Id])).TotalSeconds).Order().ToList();
            var serial = OneByOne(40);
            File.WriteAllText(outFile, string.Create(CultureInfo.InvariantCulture, $"""
                service (200 jobs, 4 operators, 2 workers, submitted over HTTP): {200 / elapsed.TotalSeconds:0.00} jobs/s, latency p50 {Percentile(latencies, 0.5):0.000}s p95 {Percentile(latencies, 0.95):0.000}s, median waits {string.Join(", ", waits.Select(w => $"{w.Key} {w.Value:0.00}s"))}, peak working set {memory.PeakBytes >> 20} MiB
                one by one through the CLI ({serial.Count} jobs, same run): {serial.Count / serial.Sum():0.00} jobs/s, latency p50 {Percentile(serial, 0.5):0.000}s p95 {Percentile(serial, 0.95):0.000}s
                throughput ratio service/CLI: {200 / elapsed.TotalSeconds / (serial.Count / serial.Sum()):0.00}

                """));
        }
    }

    /// <summary>The same job, one at a time through the (in-process) CLI; each job's latency in seconds.</summary>
    private List<double> OneByOne(int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var op = Operators[i % Operators.Length];
            var file = _home.Job(ServeOperators.GrantOf(op), Query);
            var watch = Stopwatch.StartNew();
            _home.Ok("--as", op, "job", "run", "--wait", file);
            latencies.Add(watch.Elapsed.TotalSeconds);
        }
        return [.. latencies.Order()];
    }

    private static DateTimeOffset Created(JsonElement job) => job.GetProperty("createdAt").GetDateTimeOffset();

    private static DateTimeOffset Finished(JsonElement job) => job.GetProperty("finishedAt").GetDateTimeOffset();

    private static double Median(IEnumerable<double> values) => Percentile([.. values.Order()], 0.5);

    private static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Samples this process's working set every 100 ms.</summary>
    private sealed class MemoryWatch
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;

        public MemoryWatch() => _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var self = Process.GetCurrentProcess();
                PeakBytes = Math.Max(PeakBytes, self.WorkingSet64);
                try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
            }
        });

        public long PeakBytes { get; private set; }

        public void Stop()
        {
            _stop.Cancel();
            _sampling.Wait();
            _stop.Dispose();
        }
    }

    public void Dispose() => _home.Dispose();
}
