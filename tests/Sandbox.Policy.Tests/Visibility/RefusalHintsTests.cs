using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Tests.Visibility;

public sealed class RefusalHintsTests
{
    [Theory]
    [InlineData("select income from people", "income", "line 1:8 `select income from people`")]
    [InlineData("select district,\n       sum(x),\n  INCOME\nfrom people", "income", "line 3:3 `INCOME`")]
    [InlineData("select 'income' as label, \"income\" from people", "income", "line 1:27 `select 'income' as label, \"income\" from people`")]
    [InlineData("select * from people", "income", null)]
    [InlineData("select incomes from people", "income", null)]
    public void Locate_PointsAtTheFirstPlaceTheColumnIsNamed(string sql, string column, string? expected) =>
        Assert.Equal(expected, RefusalHints.Locate(sql, column));

    [Fact]
    public void Locate_LongLine_ShowsTheNeighbourhoodOnly()
    {
        var sql = "select " + string.Join(", ", Enumerable.Range(0, 30).Select(i => $"c{i}")) + ", income from people";

        var at = RefusalHints.Locate(sql, "income")!;

        Assert.StartsWith($"line 1:{sql.IndexOf("income", StringComparison.Ordinal) + 1} `…", at);
        Assert.Contains("income from people`", at);
        Assert.True(at.Length < 100, at);
    }

    [Theory]
    [InlineData(ColumnConstraint.AggregateOnly, "sum(income)")]
    [InlineData(ColumnConstraint.GroupByOnly, "GROUP BY income")]
    [InlineData(ColumnConstraint.JoinOnly, "ON a.income = b.income")]
    [InlineData(ColumnConstraint.CompareOnly, "WHERE income = '…'")]
    [InlineData(ColumnConstraint.Forbidden, "leave it out")]
    public void Instead_NamesTheNearestAllowedForm(ColumnConstraint constraint, string expected) =>
        Assert.Contains(expected, RefusalHints.Instead(constraint, "income"));
}
