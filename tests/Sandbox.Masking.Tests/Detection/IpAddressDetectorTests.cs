using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class IpAddressDetectorTests
{
    private readonly IpAddressDetector _detector = new();

    [Theory]
    [InlineData("192.0.2.1")] // documentation ranges (RFC 5737, RFC 3849)
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:DB8:0:0:0:0:0:1")]
    [InlineData("::1")]
    [InlineData("::ffff:192.0.2.1")]
    public void Matches_ValidAddress_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3")]
    [InlineData("256.1.1.1")]
    [InlineData("010.1.1.1")] // leading zero (octal in some parsers)
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.4:80")]
    [InlineData("2001:db8::1%eth0")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::/32")]
    [InlineData("12:30")]
    [InlineData("2001:db8:::1")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
