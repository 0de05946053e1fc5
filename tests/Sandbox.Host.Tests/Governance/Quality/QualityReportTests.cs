using System.Text.Json;

namespace Sandbox.Host.Tests.Governance.Quality;

/// <summary>Data-quality reports (seed §13): filed by an operator, forwarded with a deadline, listed when overdue.</summary>
public sealed class QualityReportTests
{
    [Fact]
    public void Forward_DeadlinePassesUnresolved_IsListedOverdueUntilResolved()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var filed = JsonDocument.Parse(home.Ok("--as", "zijin-analyst", "quality", "report", "--dataset", "enterprise_registry", "--column", "registered_capital",
            "--problem", "negative capital in 3 rows", "--json")).RootElement;
        var id = filed.GetProperty("id").GetString()!;
        Assert.Equal("filed", filed.GetProperty("state").GetString());

        var forwarded = JsonDocument.Parse(home.Ok("--as", "bureau-officer", "quality", "forward", id, "--provider", "市市场监管局", "--days", "10", "--json")).RootElement;
        Assert.Equal("2026-12-07", forwarded.GetProperty("deadline").GetString());
        Assert.Empty(Overdue(home));

        home.Time.Advance(TimeSpan.FromDays(10));
        Assert.Empty(Overdue(home));
        home.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal([id], Overdue(home));

        home.Ok("--as", "bureau-officer", "quality", "resolve", id, "--note", "provider corrected the rows");
        Assert.Empty(Overdue(home));
        var audit = home.Ok("audit", "show");
        Assert.Contains("quality.report", audit);
        Assert.Contains("quality.forward", audit);
        Assert.Contains("quality.resolve", audit);
    }

    [Fact]
    public void Report_ByANonOperator_AndForward_ByAnOperator_AreRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        Assert.Equal(1, home.Run("--as", "bureau-officer", "quality", "report", "--dataset", "residents", "--problem", "x").Code);
        home.Ok("--as", "zijin-analyst", "quality", "report", "--dataset", "residents", "--problem", "duplicate ids");
        var (code, _, err) = home.Run("--as", "zijin-analyst", "quality", "forward", "dq-0001", "--provider", "p", "--days", "5");
        Assert.Equal(1, code);
        Assert.Contains("needs role bureau", err);
    }

    [Theory]
    [InlineData("--dataset", "nosuch", "--dataset: no dataset 'nosuch'")]
    [InlineData("--column", "nosuch", "--column: dataset residents has no column 'nosuch'")]
    public void Report_BadInput_IsRejectedNamingTheField(string option, string value, string expected)
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        string[] args = ["--as", "zijin-analyst", "quality", "report", "--dataset", "residents", "--problem", "p"];
        args = option == "--dataset" ? [.. args[..5], value, .. args[6..]] : [.. args, option, value];
        var (code, _, err) = home.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
    }

    private static List<string> Overdue(TestHome home) =>
        [.. JsonDocument.Parse(home.Ok("quality", "list", "--overdue", "--json")).RootElement.EnumerateArray().Select(q => q.GetProperty("id").GetString()!)];
}
