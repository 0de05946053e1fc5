using Sandbox.Export.Checks;

namespace Sandbox.Export.Tests.Checks;

public sealed class CheckReportTests
{
    [Theory]
    [InlineData(new CheckStatus[0], CheckStatus.Pass)]
    [InlineData(new[] { CheckStatus.Pass, CheckStatus.Pass }, CheckStatus.Pass)]
    [InlineData(new[] { CheckStatus.Pass, CheckStatus.Review }, CheckStatus.Review)]
    [InlineData(new[] { CheckStatus.Review, CheckStatus.Fail, CheckStatus.Pass }, CheckStatus.Fail)]
    public void From_Statuses_VerdictIsTheWorst(CheckStatus[] statuses, CheckStatus verdict)
    {
        var checks = statuses.Select((s, i) => new CheckResult($"rule{i}", s, "", [])).ToArray();

        Assert.Equal(verdict, CheckReport.From(checks).Verdict);
    }
}
