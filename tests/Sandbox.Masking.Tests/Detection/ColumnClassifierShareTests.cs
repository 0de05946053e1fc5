using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

/// <summary>Issue 13: any share of validated personal values protects a column, and content beats headers both ways.</summary>
public sealed class ColumnClassifierShareTests
{
    private const int Rows = 1000;

    [Theory]
    [InlineData(100)]
    [InlineData(10)]
    [InlineData(1)]
    public void Classify_SmallShareOfResidentIdsWithoutHint_IsLevelFour(int percent)
    {
        var s = new Synthetic(31);

        var result = ColumnClassifier.Classify("c01", Mixed(percent, s.ResidentId, () => "无"));

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.Equal(4, result.Level);
    }

    [Fact]
    public void Classify_MobilesAmongNone_IsMobile()
    {
        var s = new Synthetic(32);

        var result = ColumnClassifier.Classify("c02", Mixed(75, s.Mobile, () => "无"));

        Assert.Equal(Entities.Mobile, result.Entity);
        Assert.Equal(3, result.Level);
    }

    [Fact]
    public void Classify_MobilesWithSomeResidentIds_FollowsTheMostSensitive()
    {
        var s = new Synthetic(33);

        var result = ColumnClassifier.Classify("contact", Mixed(95, s.Mobile, s.ResidentId));

        Assert.Equal(4, result.Level);
    }

    [Fact]
    public void Classify_LandlinesAndMobilesMixed_IsProtected()
    {
        var s = new Synthetic(34);

        var result = ColumnClassifier.Classify("c03", Mixed(50, s.Mobile, s.Landline));

        Assert.True(result.Level >= 3, $"{result}");
        Assert.True(result.Entity is Entities.Mobile or Entities.Landline);
    }

    [Fact]
    public void Classify_CustomerNamesWithTenPercentPersons_IsPersonName()
    {
        var s = new Synthetic(35);
        var companies = new[] { "南京紫金科技有限公司", "江苏汇通物流有限公司", "苏州工业园区新世纪商贸有限公司", "无锡华光建设集团" };
        var i = 0;

        var result = ColumnClassifier.Classify("c04", Mixed(10, s.ChineseName, () => companies[i++ % companies.Length]));

        Assert.Equal(Entities.PersonName, result.Entity);
        Assert.Equal(3, result.Level);
    }

    [Fact]
    public void Classify_RandomSixteenDigitNumbersWithUnionPayPrefix_AreNotCards()
    {
        var s = new Synthetic(36);

        var result = ColumnClassifier.Classify("c05", Mixed(100, () => "62" + s.Number(14), () => ""));

        Assert.Null(result.Entity); // one in ten passes Luhn by chance: the shape's agreement is far below a card column's
    }

    [Theory]
    [InlineData("name", "南京紫金科技有限公司")]
    [InlineData("联系人", "财务部")]
    [InlineData("联系人", "办公室")]
    [InlineData("phone_model", "iPhone 13")]
    [InlineData("ip_count", "17")]
    [InlineData("地址类型", "家庭")]
    [InlineData("会员卡号", "VIP00012345")]
    [InlineData("会员卡号", "8800012345")]
    public void Classify_HeaderContradictedByContent_IsNotRaised(string header, string value)
    {
        var result = ColumnClassifier.Classify(header, Enumerable.Repeat<string?>(value, 200).ToList());

        Assert.Null(result.Entity);
        Assert.Equal(1, result.Level);
    }

    [Theory]
    [InlineData("备注")]
    [InlineData("phone_model")]
    [InlineData("地址类型")]
    public void Classify_HeaderNeverLowersPersonalContent(string header)
    {
        var s = new Synthetic(37);

        var result = ColumnClassifier.Classify(header, Mixed(100, s.ResidentId, () => ""));

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.Equal(4, result.Level);
    }

    internal static List<string?> Mixed(int percent, Func<string> personal, Func<string> other) =>
        [.. Enumerable.Range(0, Rows).Select(i => (string?)((i * percent) % 100 < percent ? personal() : other()))];
}
