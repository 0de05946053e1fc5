using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class EmailDetectorTests
{
    private readonly EmailDetector _detector = new();

    [Theory]
    [InlineData("zhang.san@example.com")]
    [InlineData("a+tag@mail.example.cn")]
    [InlineData("user_01@example-host.org")]
    [InlineData("x@ex.io")]
    public void Matches_ValidAddress_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("zhang.san@localhost")] // single-label domain
    [InlineData("zhang..san@example.com")]
    [InlineData(".zhang@example.com")]
    [InlineData("zhang@-example.com")]
    [InlineData("zhang@example.c")] // one-letter TLD
    [InlineData("zhang@example.123")]
    [InlineData("zhang@@example.com")]
    [InlineData("@example.com")]
    [InlineData("张三@example.com")]
    [InlineData("example.com")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
