using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class UsccDetectorTests
{
    private readonly UsccDetector _detector = new();

    [Fact]
    public void Matches_PublishedExample_ReturnsTrue()
    {
        Assert.True(_detector.Matches("91350100M000100Y43"));
    }

    [Theory]
    [InlineData("91350100M000100Y44")] // wrong check char
    [InlineData("91350100M000100Y4")] // 17 chars
    [InlineData("91350100m000100Y43")] // lower case
    [InlineData("91350100M0001O0Y43")] // O is not in the alphabet
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }

    [Theory]
    [InlineData("B1350100M000100Y4")] // B is no registration authority
    [InlineData("90350100M000100Y4")] // category 0
    [InlineData("913501A0M000100Y4")] // division code with a letter
    public void Matches_ImplausibleStructureWithCorrectCheck_ReturnsFalse(string first17)
    {
        Assert.False(_detector.Matches(first17 + CheckDigits.Uscc(first17)));
    }

    [Fact]
    public void Matches_ResidentId_ReturnsFalse()
    {
        Assert.False(_detector.Matches("11010519491231002X"));
    }
}
