using Sandbox.Documents;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Queries;
using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Tests.Access;

/// <summary>The authorizer with a classified catalog: level defaults, grant constraints and consent.</summary>
public sealed class SqlJobAuthorizerRuleTests
{
    private const string Document = """
        id: g
        operator: { id: op, name: Op, foreign: false }
        zone: comprehensive
        scenario: s
        period: { from: 2026-01-01, to: 2027-12-31 }
        agreement: { signed: 2025-12-20 }
        datasets:
          enterprise_registry:
            columns: [uscc, district, registered_capital, legal_rep_id]
            constraints: { registered_capital: aggregate-only }
          residents:
            columns: [resident_id, district, gender, name]
        consent:
          enterprise_registry: [legal_rep_id]
          residents:
            columns: [resident_id, name]
            evidence: consent/residents-2025-11.pdf
            obtained: 2025-11-30
        """;

    private static readonly Grant Grant = GrantLoader.Load("g.yaml", Document, TestCatalog.Classified);

    private static Decision Authorize(string sql) => SqlJobAuthorizer.Authorize(
        Grant, GrantState.Active, new DateOnly(2026, 6, 1), [("q", SqlStatement.Parse(sql))], TestCatalog.Classified);

    [Fact]
    public void Authorize_LevelFourColumnAsJoinKey_IsAllowed()
    {
        Assert.True(Authorize("select r.gender, count(*) from enterprise_registry e join residents r on e.legal_rep_id = r.resident_id group by r.gender").Allowed);
    }

    [Fact]
    public void Authorize_LevelFourColumnProjected_IsRefusedNamingQueryColumnAndRule()
    {
        var reason = Assert.Single(Authorize("select resident_id from residents").Reasons);
        Assert.StartsWith("query q: column residents.resident_id is join-only", reason);
    }

    [Fact]
    public void Authorize_GrantConstraint_AppliesOverTheLevelDefault()
    {
        var reason = Assert.Single(Authorize("select uscc, registered_capital from enterprise_registry").Reasons);
        Assert.Contains("registered_capital is aggregate-only", reason);
    }

    [Fact]
    public void Authorize_RefusedColumn_PointsAtItsPlaceAndTheAllowedForm()
    {
        var reason = Assert.Single(Authorize("select uscc,\n  registered_capital\nfrom enterprise_registry").Reasons);

        Assert.Contains("(line 2:3 `registered_capital`)", reason);
        Assert.EndsWith("e.g. sum(registered_capital), avg(registered_capital) or count(registered_capital), grouped by columns you may show", reason);
    }

    [Fact]
    public void Authorize_PersonalColumnWithoutConsent_IsRefusedNamingIt()
    {
        // legal_rep_id is level 4 in the catalog; without the grant's consent for it, no job may read its table.
        var grant = GrantLoader.Load("g.yaml", Document.Replace("  enterprise_registry: [legal_rep_id]\n", string.Empty), TestCatalog.Classified);
        var reasons = SqlJobAuthorizer.Authorize(grant, GrantState.Active, new DateOnly(2026, 6, 1),
            [("q", SqlStatement.Parse("select count(*) from enterprise_registry"))], TestCatalog.Classified).Reasons;
        Assert.Equal(["column enterprise_registry.legal_rep_id holds personal information or a trade secret and grant g records no consent evidence for it"], reasons);
    }

    [Fact]
    public void Load_ConsentLongForm_KeepsTheEvidence()
    {
        var record = Assert.Single(Grant.ConsentRecords, r => r.Dataset == "residents");
        Assert.Equal("consent/residents-2025-11.pdf", record.Evidence);
        Assert.Equal(new DateOnly(2025, 11, 30), record.Obtained);
        Assert.True(Grant.HasConsent("RESIDENTS", "Name"));
    }

    [Fact]
    public void Load_ConstraintLooserThanTheLevelWithoutConsent_IsAnErrorAtItsField()
    {
        var text = Document.Replace("constraints: { registered_capital: aggregate-only }", "constraints: { uscc: plain, legal_rep_id: plain }")
            .Replace("  enterprise_registry: [legal_rep_id]\n", string.Empty);
        var ex = Assert.Throws<PolicyDocumentException>(() => GrantLoader.Load("g.yaml", text, TestCatalog.Classified));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("datasets.enterprise_registry.constraints.legal_rep_id", error.Field);
        Assert.Equal(10, error.Line);
        Assert.Contains("looser than level 4 allows (join-only)", error.Message);
    }

    [Fact]
    public void Load_ConstraintLooserThanTheLevelWithConsent_IsAccepted()
    {
        var text = Document.Replace("columns: [resident_id, district, gender, name]", "columns: [resident_id, district, gender, name]\n    constraints: { resident_id: masked }");
        var grant = GrantLoader.Load("g.yaml", text, TestCatalog.Classified);
        Assert.Equal(ColumnConstraint.Masked, grant.Datasets["residents"].ConstraintOf("resident_id", 4));
    }

    [Theory]
    [InlineData(1, ColumnConstraint.Plain)]
    [InlineData(2, ColumnConstraint.Plain)]
    [InlineData(3, ColumnConstraint.Masked)]
    [InlineData(4, ColumnConstraint.JoinOnly)]
    public void DefaultFor_Level_FollowsTheSeed(int level, ColumnConstraint expected)
    {
        Assert.Equal(expected, ColumnConstraints.DefaultFor(level));
    }
}
