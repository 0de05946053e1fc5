using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class CheckDigitsTests
{
    [Theory]
    [InlineData("11010519491231002", 'X')] // the worked example printed in GB 11643
    [InlineData("44052418800101001", '4')] // the standard's second example
    public void ResidentId_PublishedExample_ReturnsPrintedCheckChar(string first17, char expected)
    {
        Assert.Equal(expected, CheckDigits.ResidentId(first17));
    }

    [Fact]
    public void Uscc_PublishedExample_ReturnsPrintedCheckChar()
    {
        // The example code printed in GB 32100.
        Assert.Equal('3', CheckDigits.Uscc("91350100M000100Y4"));
    }

    [Theory]
    [InlineData("7992739871", '3')] // the classic Luhn worked example
    [InlineData("0", '0')]
    [InlineData("", '0')]
    public void Luhn_KnownPayload_ReturnsCheckDigit(string payload, char expected)
    {
        Assert.Equal(expected, CheckDigits.Luhn(payload));
    }

    [Theory]
    [InlineData("1101051949123100")]
    [InlineData("110105194912310021")]
    [InlineData("1101051949123100A")]
    public void ResidentId_NotSeventeenDigits_Throws(string first17)
    {
        Assert.Throws<ArgumentException>(() => CheckDigits.ResidentId(first17));
    }

    [Theory]
    [InlineData("91350100M000100I4")] // I is not in the alphabet
    [InlineData("91350100m000100Y4")] // lower case is not either
    [InlineData("91350100M000100Y")]
    public void Uscc_InvalidInput_Throws(string first17)
    {
        Assert.Throws<ArgumentException>(() => CheckDigits.Uscc(first17));
    }

    [Fact]
    public void Luhn_NonDigit_Throws()
    {
        Assert.Throws<ArgumentException>(() => CheckDigits.Luhn("1234 5678"));
    }

    [Fact]
    public void Uscc_CheckValueThirtyOne_WrapsToZero()
    {
        // An all-zero payload sums to 0, so 31 - 0 = 31 must wrap to the symbol 0, not run off the alphabet.
        var payload = "00000000000000000";
        Assert.Equal('0', CheckDigits.Uscc(payload));
    }
}
