using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class LicensePlateDetectorTests
{
    private readonly LicensePlateDetector _detector = new();

    [Theory]
    [InlineData("苏A12345")]
    [InlineData("苏A·12345")]
    [InlineData("京N 8K2Z7")]
    [InlineData("粤B1234学")]
    [InlineData("沪AD12345")] // small new-energy, pure electric
    [InlineData("浙AFA1234")] // small new-energy, hybrid, letter in second place
    [InlineData("粤B12345D")] // large new-energy
    public void Matches_ValidPlate_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("苏I12345")] // no letter I
    [InlineData("苏AO1234")] // no letter O
    [InlineData("北A12345")] // 北 is no province abbreviation
    [InlineData("苏A1234")] // too short
    [InlineData("苏A1234567")] // too long
    [InlineData("苏AABCDE")] // a word, not a sequence
    [InlineData("苏a12345")] // lower-case authority letter
    [InlineData("苏AZ12345")] // Z is no new-energy class
    [InlineData("江宁区")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
