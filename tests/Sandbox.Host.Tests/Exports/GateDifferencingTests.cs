using System.Text.Json;

namespace Sandbox.Host.Tests.Exports;

/// <summary>Issue 12: two outputs of one grant that differ by a few subjects cannot both leave.</summary>
public sealed class GateDifferencingTests : IClassFixture<GateDifferencingTests.City>
{
    public sealed class City() : ExportCity(
        "by_district: select district, count(*) as enterprises from enterprise_registry group by district",
        "by_district_narrowed: select district, count(*) as enterprises from enterprise_registry where registered_capital < 7000 group by district",
        "by_industry: select industry, count(*) as enterprises from enterprise_registry group by industry");

    private readonly TestHome _home;
    private readonly string _job;

    public GateDifferencingTests(City city)
    {
        _home = city.Home;
        _job = city.JobId;
    }

    private JsonElement Request(string output, int expectedCode)
    {
        var (code, stdout, err) = _home.Run("export", "request", _job, output, "--json");
        Assert.True(code == expectedCode, $"exit {code}: {err}{stdout}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static JsonElement Check(JsonElement json, string rule) =>
        json.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("rule").GetString() == rule);

    [Fact]
    public void Request_OutputNarrowedByOneWhereCondition_FailsNamingTheEarlierExport()
    {
        var first = Request("by_district", 0);
        string firstId = first.GetProperty("id").GetString()!;
        Assert.Equal("pass", Check(first, "differencing").GetProperty("status").GetString());

        var second = Request("by_district_narrowed", 1);

        var differencing = Check(second, "differencing");
        Assert.Equal("fail", differencing.GetProperty("status").GetString());
        Assert.Equal("pass", Check(second, "threshold").GetProperty("status").GetString());
        var finding = differencing.GetProperty("findings")[0];
        Assert.Equal("enterprises", finding.GetProperty("column").GetString());
        Assert.InRange(finding.GetProperty("subjects").GetInt64(), 1, 9);
        Assert.Equal(firstId, finding.GetProperty("against").GetProperty("export").GetString());
        Assert.Equal("enterprises", finding.GetProperty("against").GetProperty("column").GetString());
        Assert.Contains(firstId, differencing.GetProperty("detail").GetString());

        // Returned and resubmitted, it is checked again, differencing included.
        string secondId = second.GetProperty("id").GetString()!;
        _home.Ok("--as", "gov-reviewer", "export", "review", secondId, "--stage", "technical", "--return", "--note", "differs from an earlier export");
        _home.Run("export", "resubmit", secondId);
        var shown = JsonDocument.Parse(_home.Ok("export", "show", secondId, "--json")).RootElement;
        Assert.Equal("fail", Check(shown, "differencing").GetProperty("status").GetString());

        // A different cut of the same data rests on many other subjects: it passes.
        var other = Request("by_industry", 0);
        Assert.Equal("pass", Check(other, "differencing").GetProperty("status").GetString());
    }
}
