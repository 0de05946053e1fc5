using System.Text.Json;

namespace Sandbox.Host.Tests.Reports;

/// <summary>
/// A scenario whose figures are known: zijin-credit runs one real inprocess job (metered), whose usage is then set to
/// round figures (1.5 CPU hours, 2 h wall, 2 GiB peak, 3 GiB staged); it requests two exports of its output and
/// releases one; it files a data-quality report and the bureau evaluates its grant. The clock stands at 2026-11-27.
/// </summary>
public sealed class MeteredCity : IDisposable
{
    public MeteredCity()
    {
        Home = new TestHome().WithCity(enterprises: 200, residents: 60);
        var job = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district");
        var shown = JsonDocument.Parse(Home.Ok("job", "run", "--wait", job, "--json")).RootElement;
        JobId = shown.GetProperty("id").GetString()!;
        RealUsage = shown.GetProperty("usage").Clone();
        OutputBytes = shown.GetProperty("outputs")[0].GetProperty("bytes").GetInt64();
        Home.Sql($"UPDATE job_usage SET wall_ms = 7200000, cpu_ms = 5400000, peak_memory_bytes = {2L << 30}, read_bytes = {3L << 30} WHERE job_id = '{JobId}'");

        Home.Ok("export", "request", JobId, "by_district");
        Released = JsonDocument.Parse(Home.Ok("export", "request", JobId, "by_district", "--json")).RootElement.GetProperty("id").GetString()!;
        Home.Ok("--as", "gov-reviewer", "export", "review", Released, "--stage", "technical", "--approve", "--note", "district counts");
        Home.Ok("--as", "expert-reviewer", "export", "review", Released, "--stage", "comprehensive", "--approve", "--note", "fit for release");
        Home.Ok("export", "release", Released);
        Home.Ok("quality", "report", "--dataset", "residents", "--problem", "birth dates in the future");
        Home.Ok("--as", "bureau-officer", "grant", "evaluate", "nj-credit-2026", "--year", "2026", "--rating", "good", "--note", "two products");
    }

    public TestHome Home { get; }
    public string JobId { get; }
    public string Released { get; }
    public long OutputBytes { get; }

    /// <summary>What the job's run was metered at, before the scenario set round figures.</summary>
    public JsonElement RealUsage { get; }

    /// <summary>The released GiB at 100.00 per GiB, as the pricing rounds it: a small file costs next to nothing.</summary>
    public decimal ReleasedAmount => decimal.Round(decimal.Round(OutputBytes / (decimal)(1L << 30), 6, MidpointRounding.AwayFromZero) * 100m, 2, MidpointRounding.AwayFromZero);

    public void Dispose() => Home.Dispose();
}
