using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class BankCardDetectorTests
{
    private readonly BankCardDetector _detector = new();

    [Theory]
    [InlineData("4111111111111111")] // the well-known Visa test number
    [InlineData("5555555555554444")] // Mastercard test number
    [InlineData("378282246310005")] // Amex test number
    [InlineData("6200000000000005")]
    public void Matches_PublishedTestCardNumber_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(19)]
    public void Matches_SyntheticUnionPayCard_ReturnsTrue(int length)
    {
        Assert.True(_detector.Matches(new Synthetic(length).BankCard(length)));
    }

    [Theory]
    [InlineData("4111111111111112")] // fails Luhn
    [InlineData("1111111111111117")] // passes Luhn, no card network starts with 1
    [InlineData("411111111111")] // 12 digits
    [InlineData("41111111111111111111")] // 20 digits
    [InlineData("4111 1111 1111 1112")] // grouped, fails Luhn
    [InlineData("41 1111 1111 1111 11")] // grouped off the fours
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
