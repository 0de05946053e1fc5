using System.Text.Json;
using Sandbox.Host.Reports;

namespace Sandbox.Host.Tests.Reports;

/// <summary>`sandbox report annual`: agreement years, the known scenario's contents, and a signature that catches tampering.</summary>
public sealed class AnnualReportTests(MeteredCity city) : IClassFixture<MeteredCity>
{
    [Fact]
    public void Annual_FirstAgreementYear_RunsFromTheSignatureNotTheCalendar()
    {
        var r = JsonDocument.Parse(city.Home.Ok("report", "annual", "--operator", "zijin-credit", "--year", "1", "--json")).RootElement;
        // nj-credit-2026's agreement was signed on 2025-12-20: year 1 is 2025-12-20..2026-12-19, due in its last week.
        Assert.Equal("2025-12-20", r.GetProperty("from").GetString());
        Assert.Equal("2026-12-19", r.GetProperty("to").GetString());
        Assert.Equal("2026-12-13", r.GetProperty("due").GetString());
    }

    [Fact]
    public void Annual_KnownScenario_HoldsItsJobsProductsCostQualityAndEvaluations()
    {
        var r = JsonDocument.Parse(city.Home.Ok("report", "annual", "--operator", "zijin-credit", "--year", "1", "--json")).RootElement;
        Assert.Equal(1, r.GetProperty("jobs").GetInt32());
        Assert.Equal(1, r.GetProperty("jobsByState").GetProperty("succeeded").GetInt32());
        var product = Assert.Single(r.GetProperty("products").EnumerateArray());
        Assert.True(product.GetProperty("registered").GetBoolean());
        Assert.False(product.GetProperty("model").GetBoolean());
        // In force from the period's start, 2026-01-01, to the year's end, 2026-12-19: 353 days × 20.00.
        Assert.Equal(353, r.GetProperty("securityDays").GetInt32());
        Assert.Equal(349.80m + 7060.00m + city.ReleasedAmount, r.GetProperty("cost").GetProperty("total").GetDecimal());
        var quality = Assert.Single(r.GetProperty("qualityReports").EnumerateArray());
        Assert.Equal("residents", quality.GetProperty("dataset").GetString());
        var evaluation = Assert.Single(r.GetProperty("evaluations").EnumerateArray());
        Assert.Equal("good", evaluation.GetProperty("rating").GetString());
    }

    [Fact]
    public void Annual_Markdown_HasEverySectionOfSeed14()
    {
        var md = city.Home.Ok("report", "annual", "--operator", "zijin-credit", "--year", "1");
        foreach (var section in new[] { "## Jobs", "## Products released and registered", "## Usage and cost", "## Data-quality reports", "## Alerts and their outcome", "## Evaluation record" })
        {
            Assert.Contains(section, md, StringComparison.Ordinal);
        }
        Assert.Contains("| **total** |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Annual_YearNotBegun_IsRefused()
    {
        var (code, _, err) = city.Home.Run("report", "annual", "--operator", "zijin-credit", "--year", "2");
        Assert.Equal(1, code);
        Assert.Contains("agreement year 2 of zijin-credit begins on 2026-12-20, after today", err, StringComparison.Ordinal);
        Assert.Equal(2, city.Home.Run("report", "annual", "--operator", "zijin-credit", "--year", "0").Code);
    }

    [Fact]
    public void Annual_Out_WritesASignedReportThatVerifiesAndCatchesTampering()
    {
        var dir = Path.Combine(city.Home.Root, "annual-" + Guid.NewGuid().ToString("N")[..6]);
        var printed = city.Home.Ok("report", "annual", "--operator", "zijin-credit", "--year", "1", "--out", dir);
        var key = Convert.FromHexString(city.Home.Ok("keys", "show").Trim().Split(' ', '\n').Last(w => w.Length == 64));
        Assert.Empty(SignedReport.Verify(dir, key));
        Assert.Equal(printed, File.ReadAllText(Path.Combine(dir, "report.md")));

        File.AppendAllText(Path.Combine(dir, "report.md"), "\nAll evaluations excellent.\n");
        Assert.Contains("report.md: its SHA-256 differs from the manifest's", SignedReport.Verify(dir, key));
        Assert.Contains(SignedReport.Verify(dir, new byte[32]), p => p.StartsWith("manifest.sig", StringComparison.Ordinal));
        Assert.Equal(2, city.Home.Run("report", "annual", "--operator", "zijin-credit", "--year", "1", "--out", dir).Code);
    }

    [Theory]
    [InlineData("harbor-analyst", 1)]
    [InlineData("gov-reviewer", 0)]
    [InlineData("admin", 1)]
    public void Annual_ByPrincipal_OnlyTheOperatorsOwnStaffAndSupervisors(string principal, int code) =>
        Assert.Equal(code, city.Home.Run("--as", principal, "report", "annual", "--operator", "zijin-credit", "--year", "1").Code);
}
