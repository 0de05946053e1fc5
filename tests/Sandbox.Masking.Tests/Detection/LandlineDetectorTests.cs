using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class LandlineDetectorTests
{
    private readonly LandlineDetector _detector = new();

    [Theory]
    [InlineData("010-62345678")]
    [InlineData("01062345678")]
    [InlineData("021 52345678")]
    [InlineData("0571-8765432")]
    [InlineData("057187654321")]
    [InlineData("0898-66123456")]
    public void Matches_ValidForms_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("13800138000")] // a mobile
    [InlineData("011-62345678")] // 011 is no area code
    [InlineData("001-62345678")]
    [InlineData("010-12345678")] // subscriber numbers do not start with 1
    [InlineData("010-02345678")]
    [InlineData("010-623456789")] // 9-digit subscriber
    [InlineData("0571-876543")] // 6-digit subscriber
    [InlineData("0571--8765432")]
    [InlineData("62345678")] // no area code
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
