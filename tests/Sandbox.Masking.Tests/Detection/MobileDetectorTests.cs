using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class MobileDetectorTests
{
    private readonly MobileDetector _detector = new();

    [Theory]
    [InlineData("13800138000")]
    [InlineData("19912345678")]
    [InlineData("+8613800138000")]
    [InlineData("008613800138000")]
    [InlineData("8613800138000")]
    [InlineData("+86 13800138000")]
    [InlineData("+86-138-0013-8000")]
    [InlineData("138 0013 8000")]
    [InlineData("138-0013-8000")]
    [InlineData("0086 138 0013 8000")]
    public void Matches_ValidForms_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("12345678901")] // 12 is no mobile prefix
    [InlineData("10086100860")]
    [InlineData("23800138000")]
    [InlineData("138001380001")] // 12 digits
    [InlineData("1380013800")] // 10 digits
    [InlineData("138-0013 8000")] // mixed separators
    [InlineData("1380-013-8000")] // wrong grouping
    [InlineData("138--0013-8000")]
    [InlineData("+87 13800138000")]
    [InlineData("+86")]
    [InlineData("1380013800O")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
