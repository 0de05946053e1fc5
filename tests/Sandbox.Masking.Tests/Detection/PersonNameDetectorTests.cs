using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class PersonNameDetectorTests
{
    private readonly PersonNameDetector _detector = new();

    [Theory]
    [InlineData("张伟")]
    [InlineData("王小明")]
    [InlineData("欧阳娜娜")]
    [InlineData("司马敏")]
    [InlineData("阿卜杜拉·艾买提")] // minority name with middle dot
    public void Matches_Name_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("江宁区")] // a district
    [InlineData("高淳县")]
    [InlineData("金融业")] // an industry
    [InlineData("紫金科技有限公司")] // a company
    [InlineData("小米")] // a brand without a common surname
    [InlineData("王小明明明")] // too long for a single surname
    [InlineData("Zhang Wei")]
    [InlineData("张")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
