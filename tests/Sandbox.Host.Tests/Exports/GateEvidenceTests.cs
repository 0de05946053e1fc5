using System.Text.Json;

namespace Sandbox.Host.Tests.Exports;

/// <summary>Issue 12: outputs that used to pass or wait for a reviewer, now stopped (or passed) by evidence.</summary>
public sealed class GateEvidenceTests : IClassFixture<GateEvidenceTests.City>
{
    public sealed class City() : ExportCity(
        "birth_listing: select district, birth_date from residents",
        "plain_listing: select district, gender from residents",
        "hidden_key: select district, count(*) as n from residents group by district, birth_date",
        "through_cte: with t as (select * from enterprise_registry) select district, count(*) as enterprises from t group by district");

    private readonly TestHome _home;
    private readonly string _job;

    public GateEvidenceTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private JsonElement Request(string output, int expectedCode)
    {
        var (code, stdout, err) = _home.Run("export", "request", _job, output, "--json");
        Assert.True(code == expectedCode, $"exit {code}: {err}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static string Status(JsonElement json, string rule) =>
        json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule).GetProperty("status").GetString()!;

    [Theory]
    [InlineData("birth_listing")]
    [InlineData("plain_listing")]
    public void Request_ListingOfResidents_FailsRowLevelAndThreshold(string output)
    {
        var json = Request(output, 1);

        Assert.Equal("fail", json.GetProperty("verdict").GetString());
        Assert.Equal("fail", Status(json, "row-level"));
        Assert.Equal("fail", Status(json, "threshold"));
    }

    [Fact]
    public void Request_HiddenGroupKey_FailsThresholdWithStructuredFindings()
    {
        var json = Request("hidden_key", 1);

        Assert.Equal("fail", Status(json, "threshold"));
        var threshold = json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == "threshold");
        var finding = threshold.GetProperty("findings")[0];
        Assert.Equal("n", finding.GetProperty("column").GetString());
        Assert.True(finding.GetProperty("subjects").GetInt64() < 10);
    }

    [Fact]
    public void Request_CountsThroughACte_PassOnEvidence()
    {
        var json = Request("through_cte", 0);

        Assert.Equal("pass", Status(json, "threshold"));
        Assert.Equal("pass", Status(json, "dominance"));
    }
}
