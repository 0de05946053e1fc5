using System.Text.Json;

namespace Sandbox.Host.Tests.Governance;

/// <summary>The repository's policies/ for the demo: zones, operators, consent, holidays, training.</summary>
public sealed class PolicyDocumentTests
{
    [Fact]
    public void Apply_RepositoryPolicies_StoresBothZonesBothOperatorsCalendarAndTraining()
    {
        using var home = new TestHome();
        var (e, r) = Demo.SyntheticCity.Write(Path.Combine(home.Root, "inputs"), 20, 20);
        home.Ok("dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        home.Ok("dataset", "import", r, "--name", "residents", "--subject", "resident_id");

        var output = home.Ok("policy", "apply", TestHome.PoliciesDirectory);

        Assert.Contains("the working calendar", output);
        Assert.Contains("2 training record(s)", output);
        var grants = JsonDocument.Parse(home.Ok("grant", "list", "--json")).RootElement.EnumerateArray().ToList();
        var credit = JsonDocument.Parse(home.Ok("grant", "show", "nj-credit-2026")).RootElement.GetProperty("grant");
        var logistics = JsonDocument.Parse(home.Ok("grant", "show", "nj-logistics-2027")).RootElement.GetProperty("grant");
        Assert.Equal("comprehensive", credit.GetProperty("zone").GetString());
        Assert.StartsWith("industry:", logistics.GetProperty("zone").GetString());
        Assert.False(credit.GetProperty("operator").GetProperty("foreign").GetBoolean());
        Assert.True(logistics.GetProperty("operator").GetProperty("foreign").GetBoolean());
        Assert.NotEmpty(credit.GetProperty("consentRecords").EnumerateArray());
        Assert.Equal(2, grants.Count);
        Assert.Contains("valid", home.Ok("training", "list"));
    }
}
