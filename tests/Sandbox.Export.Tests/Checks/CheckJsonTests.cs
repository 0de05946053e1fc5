using System.Text.Json;
using Sandbox.Export.Checks;

namespace Sandbox.Export.Tests.Checks;

public sealed class CheckJsonTests
{
    [Fact]
    public void Serialize_Report_HasExactlyTheContractKeysAndLowercaseStatuses()
    {
        var report = CheckReport.From(
        [
            new CheckResult("file", CheckStatus.Pass, "ok", []),
            new CheckResult("threshold", CheckStatus.Fail, "small", ["row 2, column 企业数"]),
            new CheckResult("pii", CheckStatus.Review, "judge", []),
        ]);

        using var json = JsonDocument.Parse(CheckJson.Serialize("exp-1", report));

        var root = json.RootElement;
        Assert.Equal(["id", "verdict", "checks"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("exp-1", root.GetProperty("id").GetString());
        Assert.Equal("fail", root.GetProperty("verdict").GetString());
        var checks = root.GetProperty("checks").EnumerateArray().ToArray();
        // The contract's keys first, then the structured findings (issue 12), which extend it.
        Assert.All(checks, c => Assert.Equal(["rule", "status", "detail", "cells", "findings"], c.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["pass", "fail", "review"], checks.Select(c => c.GetProperty("status").GetString()));
        Assert.Equal("row 2, column 企业数", checks[1].GetProperty("cells")[0].GetString());
    }

    [Fact]
    public void Serialize_Findings_CarryRowColumnRuleSubjectsAndShare()
    {
        var report = CheckReport.From(
        [
            new CheckResult("dominance", CheckStatus.Fail, "dominated", ["row 3, column capital"])
            {
                Findings = [new CellFinding(3, "capital", "dominance", 12, 0.9971)],
            },
        ]);

        using var json = JsonDocument.Parse(CheckJson.Serialize("f", report));

        var finding = json.RootElement.GetProperty("checks")[0].GetProperty("findings")[0];
        Assert.Equal(["row", "column", "rule", "subjects", "share"], finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, finding.GetProperty("row").GetInt32());
        Assert.Equal("capital", finding.GetProperty("column").GetString());
        Assert.Equal(12, finding.GetProperty("subjects").GetInt64());
        Assert.Equal(0.9971, finding.GetProperty("share").GetDouble());
    }

    [Fact]
    public void CheckStatus_SerializedByTheDefaultSerializer_IsLowercase()
    {
        Assert.Equal("\"review\"", JsonSerializer.Serialize(CheckStatus.Review));
    }
}
