using System.Text.Json;
using Sandbox.Host.Governance.Requests;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Tests.Governance.Requests;

/// <summary>Data requests (seed §7): filed by the operator, decided per column by the bureau, widening the grant.</summary>
public sealed class DataRequestTests
{
    [Fact]
    public void Decide_ApproveOneColumnRejectAnother_WidensTheGrantWithTheApprovedOnly()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        ApplyNarrowGrant(home);
        var byIndustry = home.Job("narrow-2026", "x: select industry, count(*) as n from enterprise_registry group by industry");
        var (code, _, _) = home.Run("--as", "zijin-analyst", "job", "run", "--wait", byIndustry);
        Assert.Equal(1, code);

        var filed = JsonDocument.Parse(home.Ok("--as", "zijin-analyst", "request", "file", "--grant", "narrow-2026", "--dataset", "enterprise_registry",
            "--columns", "industry,registered_capital", "--justification", "credit scores differ by industry and capital", "--json")).RootElement;
        var id = filed.GetProperty("id").GetString()!;
        Assert.Equal("pending", filed.GetProperty("state").GetString());

        home.Ok("--as", "bureau-officer", "request", "decide", id, "--column", "industry", "--approve", "--note", "needed for the scenario");
        home.Ok("--as", "bureau-officer", "request", "decide", id, "--column", "registered_capital", "--reject", "--note", "not necessary");

        var columns = JsonDocument.Parse(home.Ok("grant", "show", "narrow-2026", "--json")).RootElement
            .GetProperty("grant").GetProperty("datasets").GetProperty("enterprise_registry").GetProperty("columns")
            .EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(["uscc", "district", "industry"], columns);
        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", byIndustry);
        Assert.Equal(1, home.Run("--as", "zijin-analyst", "job", "run", "--wait", home.Job("narrow-2026", "x: select sum(registered_capital) as c from enterprise_registry")).Code);

        var request = JsonDocument.Parse(home.Ok("request", "list", "--json")).RootElement[0];
        Assert.Equal("decided", request.GetProperty("state").GetString());
        var audit = home.Ok("audit", "show");
        Assert.Contains("request.file", audit);
        Assert.Contains("request.approve", audit);
        Assert.Contains("request.reject", audit);
        home.Ok("audit", "verify");
    }

    [Fact]
    public void PolicyApply_AgainAfterAnApproval_KeepsTheApprovedColumn()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        ApplyNarrowGrant(home);
        var id = JsonDocument.Parse(home.Ok("--as", "zijin-analyst", "request", "file", "--grant", "narrow-2026", "--dataset", "enterprise_registry",
            "--columns", "industry", "--justification", "credit scores differ by industry", "--json")).RootElement.GetProperty("id").GetString()!;
        home.Ok("--as", "bureau-officer", "request", "decide", id, "--column", "industry", "--approve", "--note", "needed");

        ApplyNarrowGrant(home);

        var columns = JsonDocument.Parse(home.Ok("grant", "show", "narrow-2026", "--json")).RootElement
            .GetProperty("grant").GetProperty("datasets").GetProperty("enterprise_registry").GetProperty("columns")
            .EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("industry", columns);
    }

    [Fact]
    public void File_ByAnOperatorOfAnotherOrganization_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "harbor-analyst", "request", "file", "--grant", "nj-credit-2026", "--dataset", "residents",
            "--columns", "mobile", "--justification", "x");
        Assert.Equal(2, code);
        Assert.Contains("--grant: no grant 'nj-credit-2026'", err);
    }

    [Theory]
    [InlineData("residents", "nosuch", "just", "--columns: dataset residents has no column 'nosuch'")]
    [InlineData("residents", "district", "just", "--columns: residents.district is granted already")]
    [InlineData("nosuch", "x", "just", "--dataset: no dataset 'nosuch'")]
    [InlineData("residents", "mobile", " ", "--justification:")]
    public void File_BadInput_IsRejectedNamingTheField(string dataset, string columns, string justification, string expected)
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "request", "file", "--grant", "nj-credit-2026", "--dataset", dataset,
            "--columns", columns, "--justification", justification);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Decide_ByANonBureauPrincipalOrTwice_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("--as", "zijin-analyst", "request", "file", "--grant", "nj-credit-2026", "--dataset", "residents", "--columns", "mobile", "--justification", "contact");

        var (code, _, err) = home.Run("--as", "zijin-analyst", "request", "decide", "req-0001", "--column", "mobile", "--approve", "--note", "self");
        Assert.Equal(1, code);
        Assert.Contains("needs role bureau", err);

        Assert.Equal(2, home.Run("--as", "bureau-officer", "request", "decide", "req-0001", "--column", "mobile", "--approve", "--reject", "--note", "n").Code);
        Assert.Equal(2, home.Run("--as", "bureau-officer", "request", "decide", "req-0001", "--column", "name", "--approve", "--note", "n").Code);
        home.Ok("--as", "bureau-officer", "request", "decide", "req-0001", "--column", "mobile", "--reject", "--note", "not necessary");
        (code, _, err) = home.Run("--as", "bureau-officer", "request", "decide", "req-0001", "--column", "mobile", "--approve", "--note", "changed my mind");
        Assert.Equal(1, code);
        Assert.Contains("rejected already", err);
    }

    [Fact]
    public void Unused_ColumnsNoJobReadInTheWindow_AreListed()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        ApplyNarrowGrant(home);
        home.Ok("--as", "zijin-analyst", "request", "file", "--grant", "narrow-2026", "--dataset", "enterprise_registry", "--columns", "industry", "--justification", "scores by industry");
        home.Ok("--as", "bureau-officer", "request", "decide", "req-0001", "--column", "industry", "--approve", "--note", "ok");
        Assert.Empty(Unused(home, "narrow-2026"));

        home.Time.Advance(TimeSpan.FromDays(91));
        Assert.Equal(["district", "industry", "uscc"], Unused(home, "narrow-2026"));

        home.Ok("--as", "zijin-analyst", "job", "run", "--wait", home.Job("narrow-2026", "x: select e.industry, count(distinct e.uscc) as n from enterprise_registry e group by e.industry"));
        Assert.Equal(["district"], Unused(home, "narrow-2026"));
        Assert.Empty(Unused(home, "narrow-2026", "--days", "120"));
    }

    [Fact]
    public void WithApprovedColumns_TheOriginalDocument_RegainsOnlyTheApprovedColumns()
    {
        var grant = new Grant
        {
            Id = "g",
            Operator = new OperatorInfo("op", "Op", false),
            Period = new GrantPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            Datasets = new Dictionary<string, GrantedDataset>
            {
                ["t"] = new("t", ["a"], new Dictionary<string, string>(), new Dictionary<string, string>()),
            },
        };
        var at = DateTimeOffset.UnixEpoch;
        RequestedColumn Column(string name, string decision) => new(name, decision, null, null, at);
        var requests = new[]
        {
            new DataRequest("req-0001", "g", "t", "j", "p", at, [Column("b", "approved"), Column("c", "rejected"), Column("a", "approved")]),
            new DataRequest("req-0002", "g", "u", "j", "p", at, [Column("x", "approved")]),
            new DataRequest("req-0003", "other", "t", "j", "p", at, [Column("d", "approved")]),
        };

        var widened = DataRequestService.WithApprovedColumns(grant, requests);

        Assert.Equal(["a", "b"], widened.Datasets["t"].Columns);
        Assert.Equal(["x"], widened.Datasets["u"].Columns);
    }

    private static List<string> Unused(TestHome home, string grant, params string[] more) =>
        [.. JsonDocument.Parse(home.Ok(["request", "unused", "--json", .. more])).RootElement.EnumerateArray()
            .Where(u => u.GetProperty("grantId").GetString() == grant).Select(u => u.GetProperty("column").GetString()!).Order()];

    private static void ApplyNarrowGrant(TestHome home)
    {
        var path = Path.Combine(home.Root, "narrow-2026.yaml");
        File.WriteAllText(path, """
            id: narrow-2026
            operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: false }
            zone: comprehensive
            scenario: SME credit evaluation
            period: { from: 2026-01-01, to: 2027-12-31 }
            agreement: { signed: 2025-12-20 }
            datasets:
              enterprise_registry:
                columns: [uscc, district]
            """);
        home.Ok("policy", "apply", path);
    }
}
