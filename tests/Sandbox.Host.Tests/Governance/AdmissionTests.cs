using System.Text.Json;

namespace Sandbox.Host.Tests.Governance;

/// <summary>Before data is used: training, the operator's own grants, column rules and consent, through `job run`.</summary>
public sealed class AdmissionTests
{
    [Fact]
    public void Run_TrainedOperator_SucceedsUntilTheTrainingLapses()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", job);

        // Completed 2026-09-15, valid one year: through 2027-09-14.
        home.Time.SetUtcNow(new DateTimeOffset(2027, 9, 15, 2, 0, 0, TimeSpan.Zero));
        var (code, output, _) = home.Run("--as", "zijin-analyst", "job", "run", "--wait", job, "--json");

        Assert.Equal(1, code);
        Assert.Contains("zijin-analyst's security training", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());

        home.Ok("--as", "gov-reviewer", "training", "record", "zijin-analyst", "--course", "2027 refresher", "--completed", "2027-09-15");
        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", job);
    }

    [Fact]
    public void Run_OperatorOfAnotherOrganization_IsAnsweredAsIfTheGrantDidNotExist()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, output, err) = home.Run("--as", "harbor-analyst", "job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));
        var (_, _, missing) = home.Run("--as", "harbor-analyst", "job", "run", "--wait", home.Job("no-such-grant", "n: select count(*) as n from residents"));
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.EndsWith(": grant: no grant 'nj-credit-2026'", err.Trim());
        Assert.EndsWith(": grant: no grant 'no-such-grant'", missing.Trim());
        // No job is recorded where zijin-credit's staff would see it.
        Assert.Equal("[]", home.Run("--as", "zijin-analyst", "job", "list", "--json").Out.Trim());
    }

    [Fact]
    public void TrainingRecord_ByAnOperator_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "training", "record", "zijin-analyst", "--course", "x", "--completed", "2026-11-01");
        Assert.Equal(1, code);
        Assert.Contains("governance", err);
    }

    [Theory]
    [InlineData("x: select legal_rep_id from enterprise_registry", "enterprise_registry.legal_rep_id is join-only")]
    [InlineData("x: select uscc, registered_capital from enterprise_registry", "enterprise_registry.registered_capital is aggregate-only")]
    [InlineData("x: select upper(cast(district as varchar)) as d from enterprise_registry", "enterprise_registry.district is group-by-only")]
    public void Run_QueryBreakingAColumnRule_IsRefusedNamingColumnAndRule(string query, string expected)
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        ApplyRuleGrant(home, consent: true);
        var (code, output, _) = home.Run("job", "run", "--wait", home.Job("rules-2026", query), "--json");
        Assert.Equal(1, code);
        Assert.Contains(expected, JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Run_QueryWithinTheColumnRules_Succeeds()
    {
        using var home = new TestHome().WithCity(enterprises: 40, residents: 20);
        ApplyRuleGrant(home, consent: true);
        home.Ok("job", "run", "--wait", home.Job("rules-2026",
            "x: select e.district, count(*) as n, sum(registered_capital) as capital from enterprise_registry e join residents r on e.legal_rep_id = r.resident_id group by e.district"));
    }

    [Fact]
    public void Run_PersonalColumnWithoutConsent_IsRefusedNamingTheColumn()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        ApplyRuleGrant(home, consent: false);
        var (code, output, _) = home.Run("job", "run", "--wait", home.Job("rules-2026", "x: select count(*) as n from enterprise_registry"), "--json");
        Assert.Equal(1, code);
        Assert.Contains("column enterprise_registry.legal_rep_id holds personal information", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Apply_GrantWithPersonalColumnsWithoutConsent_SaysSoNamingTheColumns()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var output = ApplyRuleGrant(home, consent: false);
        Assert.Contains("warning: column enterprise_registry.legal_rep_id holds personal information", output);
        Assert.Contains("every job reading it will be refused until the grant records consent", output);
        Assert.DoesNotContain("warning", ApplyRuleGrant(home, consent: true));
    }

    private static string ApplyRuleGrant(TestHome home, bool consent)
    {
        var path = Path.Combine(home.Root, "rules-2026.yaml");
        File.WriteAllText(path, $$"""
            id: rules-2026
            operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: false }
            zone: comprehensive
            scenario: column rules
            period: { from: 2026-01-01, to: 2026-12-31 }
            agreement: { signed: 2025-12-20 }
            datasets:
              enterprise_registry:
                columns: [uscc, district, registered_capital, legal_rep_id]
                constraints: { district: group-by-only, registered_capital: aggregate-only }
              residents:
                columns: [resident_id, gender]
            {{(consent ? "consent: { enterprise_registry: [legal_rep_id], residents: [resident_id] }" : "consent: { residents: [resident_id] }")}}
            """);
        return home.Ok("policy", "apply", path);
    }
}
