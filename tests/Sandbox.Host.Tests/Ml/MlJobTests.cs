using System.Text.Json;

namespace Sandbox.Host.Tests.Ml;

/// <summary>kind: ml on the embedded default: training, admission, the model rules, review and release.</summary>
public sealed class MlJobTests(MlCity city) : IClassFixture<MlCity>
{
    private const string Analyst = TestHome.Analyst;
    private readonly TestHome _home = city.Home;

    private static JsonElement Rule(JsonElement report, string rule) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule);

    private string Succeeded(string job)
    {
        var json = city.Run(job);
        Assert.True(json.GetProperty("state").GetString() == "succeeded", json.ToString());
        return json.GetProperty("id").GetString()!;
    }

    private JsonElement Request(string jobId, string output)
    {
        var (code, stdout, err) = _home.Run("--as", Analyst, "export", "request", jobId, output, "--json");
        Assert.True(code is 0 or 1 && stdout.Length > 0, $"exit {code}: {err}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public void Run_Logistic_WritesModelMetricsAndCard()
    {
        var json = city.Run(city.Training("lbfgs"));

        Assert.Equal("succeeded", json.GetProperty("state").GetString());
        Assert.Equal(["model.zip", "metrics.json", "model-card.md"], json.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void Run_InProcess_TrainsInTheRunnersOwnProcess_MeteredAndLogged()
    {
        var id = Succeeded(city.Training("lbfgs"));

        using var shown = JsonDocument.Parse(_home.Ok("--as", Analyst, "job", "show", id, "--json"));
        var usage = shown.RootElement.GetProperty("usage");
        // The runner's own counters: its CPU and its peak memory are its own, not the host's.
        Assert.Equal("runner", usage.GetProperty("attribution").GetString());
        Assert.True(usage.GetProperty("cpuSeconds").GetDouble() > 0, usage.ToString());
        Assert.True(usage.GetProperty("peakMemoryBytes").GetInt64() > 1 << 20, usage.ToString());
        Assert.True(usage.GetProperty("readBytes").GetInt64() > 0, usage.ToString());
        using var logs = JsonDocument.Parse(_home.Ok("--as", Analyst, "job", "logs", id, "--json"));
        Assert.Contains(logs.RootElement.GetProperty("lines").EnumerateArray(),
            l => l.GetProperty("stream").GetString() == "stdout" && l.GetProperty("line").GetString()!.Contains("\"outcome\":\"succeeded\"", StringComparison.Ordinal));
        // Nothing of the runner's folder is left: its tables' links, its job file.
        Assert.False(Directory.Exists(Path.Combine(_home.Root, "workspaces", id)));
        Assert.False(Directory.Exists(Path.Combine(_home.Root, "workspaces", id + ".job")));
    }

    [Fact]
    public void Release_LogisticModel_GoesToReviewAndLeavesWithItsCardAndEvidence()
    {
        var job = Succeeded(city.Training("lbfgs"));

        var report = Request(job, "model.zip");

        // A model never passes on checks alone: the file rule and the membership smoke test ask for reviewers.
        Assert.Equal("review", report.GetProperty("verdict").GetString());
        Assert.Equal("review", Rule(report, "file").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(report, "model-rows").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(report, "model-dof").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(report, "model-features").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(report, "model-card").GetProperty("status").GetString());
        Assert.Equal("review", Rule(report, "membership").GetProperty("status").GetString());
        var id = report.GetProperty("id").GetString()!;
        _home.Ok("--as", "gov-reviewer", "export", "review", id, "--stage", "technical", "--approve", "--note", "read the model card and evidence");
        _home.Ok("--as", "expert-reviewer", "export", "review", id, "--stage", "comprehensive", "--approve", "--note", "membership gap small");
        var to = Path.Combine(_home.Root, "released");
        _home.Ok("--as", Analyst, "export", "release", id, "--to", to);

        var bundle = Directory.GetDirectories(to).Single();
        foreach (var file in new[] { "model.zip", "model-card.md", "metrics.json", "model.zip.evidence.json", "registration.json", "manifest.json" })
        {
            Assert.True(File.Exists(Path.Combine(bundle, file)), file);
        }
        using var registration = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "registration.json")));
        Assert.Equal("model", registration.RootElement.GetProperty("kind").GetString());
        Assert.Equal("model-card.md", registration.RootElement.GetProperty("modelCard").GetString());
        Assert.Contains("enterprise_registry", registration.RootElement.GetProperty("sources").ToString(), StringComparison.Ordinal);
        var key = _home.Ok("keys", "show").Trim();
        _home.Ok("export", "verify", bundle, "--public-key", key);
    }

    [Fact]
    public void Request_FastTree_ReadsLeavesFromTheEnsemble()
    {
        var job = Succeeded(city.Training("fasttree", parameters: "{ trees: 10, leaves: 4, min-leaf: 20 }"));

        var report = Request(job, "model.zip");

        Assert.Equal("pass", Rule(report, "model-leaves").GetProperty("status").GetString());
        Assert.Contains("reached tree leaves rests on at least 10", Rule(report, "model-leaves").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_TreesWhoseLeavesIsolateSubjects_FailLeavesAndMembership()
    {
        var job = Succeeded(city.Training("fasttree", parameters: "{ trees: 100, leaves: 64, min-leaf: 1, learning-rate: 0.5 }"));

        var report = Request(job, "model.zip");

        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Equal("fail", Rule(report, "model-leaves").GetProperty("status").GetString());
        Assert.Equal("fail", Rule(report, "membership").GetProperty("status").GetString());
    }

    [Fact]
    public void Request_TokenFeature_FailsFeatures()
    {
        var job = Succeeded(city.Training("sdca", features: "[district, legal_rep_id]"));

        var report = Request(job, "model.zip");

        Assert.Equal("fail", Rule(report, "model-features").GetProperty("status").GetString());
        Assert.Contains("legal_rep_id (keyed token)", Rule(report, "model-features").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_ModelOnEightRows_FailsRowsAndDegreesOfFreedom()
    {
        var job = Succeeded(city.Job(
            "task: regression",
            "query: select year(established) as founded, industry, registered_capital from enterprise_registry order by uscc limit 8",
            "label: registered_capital",
            "features: [founded, industry]",
            "trainer: sdca",
            "holdout: 0"));

        var report = Request(job, "model.zip");

        Assert.Equal("fail", report.GetProperty("verdict").GetString());
        Assert.Contains("trained on 8 rows, fewer than 100", Rule(report, "model-rows").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("fail", Rule(report, "model-dof").GetProperty("status").GetString());
        Assert.Equal("review", Rule(report, "membership").GetProperty("status").GetString());
    }

    [Fact]
    public void Request_MetricsByItsOwnName_IsCheckedAsJson()
    {
        var job = Succeeded(city.Training("sdca"));

        var report = Request(job, "metrics.json");

        Assert.Equal("pass", Rule(report, "pii").GetProperty("status").GetString());
        Assert.Equal("pass", Rule(report, "token-leak").GetProperty("status").GetString());
        Assert.Contains("json file", Rule(report, "file").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownFeature_FailsNamingIt()
    {
        var json = city.Run(city.Training("sdca", features: "[district, turnover]"));

        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.Contains("features: the training query has no column 'turnover'", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ColumnOutsideTheGrant_IsRefusedAtAdmission()
    {
        var json = city.Run(city.Job("task: binary", "query: select district, mobile like '139%' as f from residents",
            "label: f", "features: [district]", "trainer: sdca"));

        Assert.Equal("failed", json.GetProperty("state").GetString());
        Assert.StartsWith("refused by policy", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("mobile", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
