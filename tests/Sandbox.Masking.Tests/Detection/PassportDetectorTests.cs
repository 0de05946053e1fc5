using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class PassportDetectorTests
{
    private readonly PassportDetector _detector = new();

    [Theory]
    [InlineData("E12345678")] // e-passport
    [InlineData("EA1234567")] // e-passport, lettered series
    [InlineData("G12345678")] // older ordinary passport
    [InlineData("D1234567")] // diplomatic
    [InlineData("C12345678")] // Hong Kong–Macau permit
    [InlineData("CB1234567")] // Hong Kong–Macau permit, lettered series
    [InlineData("L12345678")] // Taiwan permit
    [InlineData("H1234567801")] // home-return permit, 10 digits
    [InlineData("M12345678")]
    public void Matches_ValidNumber_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("E1234567")] // one digit short
    [InlineData("E123456789")] // one digit long
    [InlineData("EI1234567")] // the series skips I
    [InlineData("A12345678")] // no such document letter
    [InlineData("e12345678")] // lower case
    [InlineData("SKU12345678")]
    [InlineData("123456789")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
