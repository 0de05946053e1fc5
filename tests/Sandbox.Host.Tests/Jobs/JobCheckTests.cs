using System.Text.Json;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>`job check`: the admission decision without a job, an audit refusal or an alert.</summary>
public sealed class JobCheckTests
{
    [Fact]
    public void Check_AllowedJob_NamesItsTablesAndMaskingAndRecordsNoJob()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var json = JsonDocument.Parse(home.Ok("job", "check", home.Job("nj-credit-2026", "n: select district, count(*) as n from residents group by district"), "--json")).RootElement;
        Assert.True(json.GetProperty("admitted").GetBoolean());
        var residents = Assert.Single(json.GetProperty("tables").EnumerateArray());
        Assert.Contains(residents.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "resident_id" && c.GetProperty("level").GetInt32() == 4);
        Assert.Equal("[]", home.Ok("job", "list", "--json").Trim());
    }

    [Fact]
    public void Check_RefusedManyTimes_ListsEveryReasonAndRaisesNoAlert()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-credit-2026", "n: select name from residents", "m: select mobile from residents");
        for (var i = 0; i < 6; i++)
        {
            var (code, output, _) = home.Run("job", "check", job);
            Assert.Equal(1, code);
            Assert.Contains("name", output);
            Assert.Contains("mobile", output);
        }
        Assert.Contains("no new alerts", home.Ok("monitor", "run"));
        Assert.DoesNotContain("job.refuse", home.Ok("audit", "show"));
    }

    [Fact]
    public void Check_AnotherOrganizationsGrant_AnswersAsMissing()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, error) = home.Run("--as", "harbor-analyst", "job", "check", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));
        Assert.Equal(2, code);
        Assert.Contains("grant: no grant 'nj-credit-2026'", error);
    }
}
