using System.Text.Json;
using Sandbox.Host.Tests.Exports;

namespace Sandbox.Host.Tests.Ml;

/// <summary>A home with the synthetic city (400 enterprises) under grant nj-credit-2026, for ml jobs.</summary>
public sealed class MlCity : IDisposable
{
    public TestHome Home { get; } = ExportHome.Create(enterprises: 400, residents: 100);

    /// <summary>Writes an ml job file: the lines after <c>grant</c> and <c>kind</c>.</summary>
    public string Job(params string[] lines)
    {
        var path = Path.Combine(Home.Root, "jobs", Guid.NewGuid().ToString("N")[..8] + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, new[] { "grant: nj-credit-2026", "kind: ml" }.Concat(lines).Append("limits: { timeout: 60s }"));
        return path;
    }

    /// <summary>Runs a job file (inprocess unless told) and returns its JSON.</summary>
    public JsonElement Run(string job, params string[] extra)
    {
        var (_, stdout, err) = Home.Run(["--as", TestHome.Analyst, "job", "run", "--wait", job, "--json", .. extra]);
        Assert.True(stdout.Length > 0, err);
        return JsonDocument.Parse(stdout).RootElement;
    }

    /// <summary>A training job on the registry: is the registered capital above 400 (10k CNY)?</summary>
    public string Training(string trainer, string features = "[district, industry, founded]", string? parameters = null, string from = "from enterprise_registry") => Job(
        "task: binary",
        $"query: select district, industry, year(established) as founded, legal_rep_id, registered_capital > 400 as big {from}",
        "label: big",
        $"features: {features}",
        $"trainer: {trainer}",
        parameters is null ? "" : $"parameters: {parameters}",
        "holdout: 0.25",
        "seed: 11");

    public void Dispose() => Home.Dispose();
}
