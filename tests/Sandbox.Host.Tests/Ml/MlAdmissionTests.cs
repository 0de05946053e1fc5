using System.Text.Json;
using Sandbox.Host.Demo;

namespace Sandbox.Host.Tests.Ml;

/// <summary>An aggregate-only column can never be a raw feature or label: the training query is refused at admission.</summary>
public sealed class MlAdmissionTests : IDisposable
{
    private readonly TestHome _home = new();

    public MlAdmissionTests()
    {
        var (e, r) = SyntheticCity.Write(Path.Combine(_home.Root, "inputs"), 200, 50);
        _home.Ok("dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        _home.Ok("dataset", "import", r, "--name", "residents", "--subject", "resident_id");
        var grants = Path.Combine(_home.Root, "policies", "grants");
        Directory.CreateDirectory(grants);
        File.WriteAllText(Path.Combine(grants, "nj-credit-2026.yaml"), TestHome.GrantText("nj-credit-2026.yaml")
            .Replace("constraints: { legal_rep_id: masked }", "constraints: { legal_rep_id: masked, registered_capital: aggregate-only }", StringComparison.Ordinal));
        _home.Ok("policy", "apply", grants);
        _home.Ok("policy", "apply", Path.Combine(TestHome.PoliciesDirectory, "training.yaml"));
    }

    public void Dispose() => _home.Dispose();

    private JsonElement Run(params string[] lines)
    {
        var path = Path.Combine(_home.Root, "job.yaml");
        File.WriteAllLines(path, new[] { "grant: nj-credit-2026", "kind: ml" }.Concat(lines));
        var (_, stdout, err) = _home.Run("--as", TestHome.Analyst, "job", "run", "--wait", path, "--json");
        Assert.True(stdout.Length > 0, err);
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Theory]
    [InlineData("select district, registered_capital as capital, industry = 'IT' as it from enterprise_registry", "capital", "it")]
    [InlineData("select district, registered_capital * 1.0 as capital, industry = 'IT' as it from enterprise_registry", "capital", "it")]
    [InlineData("select district, industry, registered_capital > 400 as big from enterprise_registry", "district", "big")]
    public void Run_AggregateOnlyColumnAsRawFeatureOrLabel_IsRefusedNamingIt(string query, string feature, string label)
    {
        var json = Run("task: binary", $"query: {query}", $"label: {label}", $"features: [{feature}]", "trainer: sdca");

        Assert.Equal("failed", json.GetProperty("state").GetString());
        var reason = json.GetProperty("reason").GetString()!;
        Assert.StartsWith("refused by policy", reason, StringComparison.Ordinal);
        Assert.Contains("registered_capital", reason, StringComparison.Ordinal);
        Assert.Contains("aggregate-only", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AggregateOfTheColumnPerDistrict_IsAdmittedAsAFeature()
    {
        var json = Run("task: binary",
            "query: select e.district, d.mean_capital, e.industry = '制造业' as manufacturing from enterprise_registry e join (select district, avg(registered_capital) as mean_capital from enterprise_registry group by district) d on e.district = d.district",
            "label: manufacturing", "features: [district, mean_capital]", "trainer: sdca");

        Assert.True(json.GetProperty("state").GetString() == "succeeded", json.ToString());
    }
}
