using System.Globalization;
using System.Text.Json;

namespace Sandbox.Host.Tests.Reports;

/// <summary>`sandbox report usage`: the known scenario's figures, priced by policies/pricing.yaml, in every format, for whom.</summary>
public sealed class UsageReportTests(MeteredCity city) : IClassFixture<MeteredCity>
{
    private static readonly string[] November = ["report", "usage", "--operator", "zijin-credit", "--from", "2026-11-01", "--to", "2026-11-30"];

    [Fact]
    public void JobRun_Inprocess_IsMeteredWithAnHonestAttribution()
    {
        var u = city.RealUsage;
        // process, or process-shared when another test's inprocess job overlapped it in this same test process.
        Assert.Contains(u.GetProperty("attribution").GetString(), new[] { "process", "process-shared" });
        Assert.True(u.GetProperty("wallSeconds").GetDouble() > 0);
        Assert.True(u.GetProperty("cpuSeconds").GetDouble() >= 0);
        // Peak memory is not attributable inside the shared host process, and is not claimed.
        Assert.Equal(JsonValueKind.Null, u.GetProperty("peakMemoryBytes").ValueKind);
        Assert.True(u.GetProperty("readBytes").GetInt64() > 0);
        Assert.Equal(city.OutputBytes, u.GetProperty("writtenBytes").GetInt64());
    }

    [Fact]
    public void JobShow_AfterTheRun_ShowsTheStoredUsage()
    {
        var shown = JsonDocument.Parse(city.Home.Ok("job", "show", city.JobId, "--json")).RootElement.GetProperty("usage");
        Assert.Equal(5400.0, shown.GetProperty("cpuSeconds").GetDouble());
        Assert.Contains("cpu 5400s", city.Home.Ok("job", "show", city.JobId), StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_KnownScenario_GivesTheKnownFiguresAndCharges()
    {
        var r = JsonDocument.Parse(city.Home.Ok([.. November, "--format", "json"])).RootElement;
        var total = r.GetProperty("total");
        Assert.Equal(1, total.GetProperty("jobs").GetInt32());
        Assert.Equal(5400.0, total.GetProperty("cpuSeconds").GetDouble());
        Assert.Equal(4.0, total.GetProperty("memoryGibHours").GetDouble(), 9);
        Assert.Equal(3L << 30, total.GetProperty("readBytes").GetInt64());
        var exports = r.GetProperty("exports");
        Assert.Equal(2, exports.GetProperty("requests").GetInt32());
        Assert.Equal(1, exports.GetProperty("resultReleases").GetInt32());
        Assert.Equal(0, exports.GetProperty("modelReleases").GetInt32());
        Assert.Equal(city.OutputBytes, exports.GetProperty("releasedBytes").GetInt64());
        Assert.Equal(30, r.GetProperty("securityDays").GetInt32());

        var charges = r.GetProperty("charges");
        Assert.Equal("CNY", charges.GetProperty("currency").GetString());
        var amounts = charges.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("item").GetString()!, l => l.GetProperty("amount").GetDecimal());
        Assert.Equal(3.60m, amounts["CPU time"]);          // 1.5 CPU h × 2.40
        Assert.Equal(1.20m, amounts["memory"]);            // 2 GiB × 2 h × 0.30
        Assert.Equal(45.00m, amounts["data staged"]);      // 3 GiB × 15.00
        Assert.Equal(100.00m, amounts["export requests"]); // 2 × 50.00
        Assert.Equal(200.00m, amounts["results released"]); // 1 × 200.00
        Assert.Equal(city.ReleasedAmount, amounts["bytes released"]);
        Assert.Equal(0m, amounts["models released"]);
        Assert.Equal(600.00m, amounts["days with a grant in force"]); // 30 × 20.00
        Assert.Equal(949.80m + city.ReleasedAmount, charges.GetProperty("total").GetDecimal());
    }

    [Fact]
    public void Usage_WindowBeforeTheJob_CountsNoJobButTheDaysInForce()
    {
        var r = JsonDocument.Parse(city.Home.Ok("report", "usage", "--operator", "zijin-credit", "--from", "2025-12-25", "--to", "2026-01-04", "--json")).RootElement;
        Assert.Equal(0, r.GetProperty("total").GetProperty("jobs").GetInt32());
        // Signed 2025-12-20, but the grant's period starts 2026-01-01: four days in force.
        Assert.Equal(4, r.GetProperty("securityDays").GetInt32());
    }

    [Fact]
    public void Usage_Csv_HasOneRowPerJobWithTheMeteredFigures()
    {
        var lines = city.Home.Ok([.. November, "--format", "csv"]).TrimEnd('\n').Split('\n');
        Assert.Equal("job,grant,backend,state,submitted_by,created_at,attribution,wall_seconds,cpu_seconds,peak_memory_bytes,read_bytes,written_bytes", lines[0]);
        Assert.Equal(2, lines.Length);
        var cells = lines[1].Split(',');
        Assert.Equal(city.JobId, cells[0]);
        Assert.Equal("5400", cells[8]);
        Assert.Equal((2L << 30).ToString(CultureInfo.InvariantCulture), cells[9]);
    }

    [Fact]
    public void Usage_Table_EndsWithTheTotal()
    {
        var table = city.Home.Ok(November);
        Assert.Contains(city.JobId, table, StringComparison.Ordinal);
        Assert.Contains($"= {949.80m + city.ReleasedAmount,10:0.00} CNY", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harbor-analyst", 1, "harbor-analyst may not see this operator's usage and operation reports")]
    [InlineData("expert-reviewer", 1, "may not see this operator's")]
    [InlineData("admin", 1, "admin may not see this operator's")]
    [InlineData("zijin-analyst", 0, "")]
    [InlineData("city-auditor", 0, "")]
    [InlineData("bureau-officer", 0, "")]
    public void Usage_ByPrincipal_OnlyTheOperatorsOwnStaffAndSupervisors(string principal, int code, string error)
    {
        var (exit, _, err) = city.Home.Run(["--as", principal, .. November]);
        Assert.Equal(code, exit);
        Assert.Contains(error, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_AnotherOrganizationAskingForAnUnknownOperator_IsRefusedTheSame()
    {
        // Refused before the lookup: whether an operator exists is not revealed to another organization's staff.
        var (code, _, err) = city.Home.Run("--as", "harbor-analyst", "report", "usage", "--operator", "no-such-op", "--from", "2026-11-01", "--to", "2026-11-30");
        Assert.Equal(1, code);
        Assert.Contains("may not see this operator's", err, StringComparison.Ordinal);
        var (staff, _, missing) = city.Home.Run("--as", "bureau-officer", "report", "usage", "--operator", "no-such-op", "--from", "2026-11-01", "--to", "2026-11-30");
        Assert.Equal(2, staff);
        Assert.Contains("--operator: no operator 'no-such-op'", missing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13-01", "2026-11-30", "--from: expected a day as YYYY-MM-DD")]
    [InlineData("2026-11-30", "2026-11-01", "--to: 2026-11-01 is before --from 2026-11-30")]
    public void Usage_BadDays_ExitTwoNamingTheOption(string from, string to, string error)
    {
        var (code, _, err) = city.Home.Run("report", "usage", "--operator", "zijin-credit", "--from", from, "--to", to);
        Assert.Equal(2, code);
        Assert.Contains(error, err, StringComparison.Ordinal);
    }
}
