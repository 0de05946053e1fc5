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
        var credit = JsonDocument.Parse(home.Ok("grant", "show", "nj-credit-2026", "--json")).RootElement.GetProperty("grant");
        var logistics = JsonDocument.Parse(home.Ok("grant", "show", "nj-logistics-2027", "--json")).RootElement.GetProperty("grant");
        Assert.Equal("comprehensive", credit.GetProperty("zone").GetString());
        Assert.StartsWith("industry:", logistics.GetProperty("zone").GetString());
        Assert.False(credit.GetProperty("operator").GetProperty("foreign").GetBoolean());
        Assert.True(logistics.GetProperty("operator").GetProperty("foreign").GetBoolean());
        Assert.NotEmpty(credit.GetProperty("consentRecords").EnumerateArray());
        Assert.Equal(2, grants.Count);
        Assert.Contains("valid", home.Ok("training", "list"));
    }

    [Fact]
    public void GrantShow_WithoutJson_IsForReading_InEitherLanguage()
    {
        using var home = new TestHome();
        var (e, r) = Demo.SyntheticCity.Write(Path.Combine(home.Root, "inputs"), 20, 20);
        home.Ok("dataset", "import", e, "--name", "enterprise_registry", "--subject", "uscc");
        home.Ok("dataset", "import", r, "--name", "residents", "--subject", "resident_id");
        home.Ok("policy", "apply", TestHome.PoliciesDirectory);

        var english = home.Ok("grant", "show", "nj-credit-2026");
        var chinese = home.Ok("--lang", "zh-CN", "grant", "show", "nj-credit-2026");

        Assert.StartsWith("grant nj-credit-2026: active", english);
        Assert.Contains("operator:  紫金征信有限公司 (zijin-credit)", english);
        Assert.Contains("  enterprise_registry: uscc, name, district", english);
        Assert.Contains("masking: legal_rep_id tokenize; constraints: legal_rep_id masked; consent: name, legal_rep_id, legal_rep_mobile", english);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(english));
        Assert.StartsWith("授权 nj-credit-2026：active", chinese);
        Assert.Contains("运营方：紫金征信有限公司（zijin-credit）", chinese);
        Assert.Contains("脱敏：legal_rep_id tokenize", chinese);
    }
}
