using Sandbox.Policy.Jobs;

namespace Sandbox.Policy.Tests.Jobs;

public sealed class LimitSyntaxTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("60s", 60_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    public void TryParseDuration_WithUnit_ReturnsMilliseconds(string text, long milliseconds)
    {
        Assert.True(LimitSyntax.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("1024", 1024L)]
    [InlineData("64KB", 64_000L)]
    [InlineData("64MB", 64_000_000L)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("64KiB", 64L << 10)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1.5GiB", 3L << 29)]
    [InlineData("1TiB", 1L << 40)]
    public void TryParseSize_WithUnit_ReturnsBytes(string text, long bytes)
    {
        Assert.True(LimitSyntax.TryParseSize(text, out var value));
        Assert.Equal(bytes, value);
    }
}
