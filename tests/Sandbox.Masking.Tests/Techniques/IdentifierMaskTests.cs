using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

/// <summary>Issue 13: partial masks count the identifier's own digits; area codes kept whole; no date digit of a 15-digit ID.</summary>
public sealed class IdentifierMaskTests
{
    [Theory]
    [InlineData("+86 138 0013 8000", 3, 4, "+86 138 **** 8000")]
    [InlineData("0086-138-0013-8000", 3, 4, "0086-138-****-8000")]
    [InlineData("138 0013 8000", 3, 4, "138 **** 8000")]
    [InlineData("0571-8765432", 3, 4, "0571-***5432")]
    [InlineData("05718765432", 3, 4, "0571***5432")]
    [InlineData("010-12345678", 3, 4, "010-****5678")]
    [InlineData("(0411) 50447557", 3, 4, "(0411) ****7557")]
    [InlineData("+86-21-64565427", 3, 4, "+86-21-****5427")]
    [InlineData("6225 8861 6539 5201", 1, 1, "6*** **** **** ***1")]
    [InlineData("13800138000", 3, 4, "138****8000")]
    public void KeepFirstLast_FormattedIdentifiers_CountsTheIdentifiersOwnDigits(string value, int first, int last, string expected)
    {
        Assert.Equal(expected, PartialMask.KeepFirstLast(value, first, last));
    }

    [Fact]
    public void KeepFirstLast_FifteenDigitIdUnderFirstSixLastFour_ShowsNoDateDigit()
    {
        var masked = PartialMask.KeepFirstLast("110105491231002", 6, 4);

        Assert.Equal("110105******002", masked);
    }

    [Fact]
    public void KeepFirstLast_NamesAndPlainText_AreUnchangedByMeaning()
    {
        Assert.Equal("张*", PartialMask.KeepFirstLast("张三", 1, 0));
        Assert.Equal("a*****z", PartialMask.KeepFirstLast("abcdefz", 1, 1));
    }
}
