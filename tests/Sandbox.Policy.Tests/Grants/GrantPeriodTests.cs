using Sandbox.Policy.Grants;

namespace Sandbox.Policy.Tests.Grants;

public sealed class GrantPeriodTests
{
    private static readonly GrantPeriod Period = new(new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));

    [Theory]
    [InlineData(2026, 1, 1, true)]
    [InlineData(2027, 12, 31, true)]
    [InlineData(2026, 7, 1, true)]
    [InlineData(2025, 12, 31, false)]
    [InlineData(2028, 1, 1, false)]
    public void Contains_Day_IncludesBothEnds(int year, int month, int day, bool expected)
    {
        Assert.Equal(expected, Period.Contains(new DateOnly(year, month, day)));
    }
}
