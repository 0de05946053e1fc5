using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class ChineseNameShapeTests
{
    [Theory]
    [InlineData("张三")]
    [InlineData("欧阳娜娜")]
    [InlineData("司马相")]
    [InlineData("阿卜杜拉·艾买提")]
    [InlineData("买买提・吐尔逊")]
    public void Matches_NameShaped_ReturnsTrue(string value)
    {
        Assert.True(ChineseNameShape.Matches(value));
    }

    [Theory]
    [InlineData("张")]
    [InlineData("南京紫金科技有限公司")]
    [InlineData("Zhang San")]
    [InlineData("张三1")]
    [InlineData("·张三")]
    [InlineData("张三·")]
    [InlineData("阿卜杜拉··艾买提")]
    [InlineData("")]
    public void Matches_NotNameShaped_ReturnsFalse(string value)
    {
        Assert.False(ChineseNameShape.Matches(value));
    }
}
