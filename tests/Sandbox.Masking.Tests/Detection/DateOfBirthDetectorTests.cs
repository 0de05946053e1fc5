using Microsoft.Extensions.Time.Testing;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class DateOfBirthDetectorTests
{
    private readonly DateOfBirthDetector _detector = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("1990-05-12")]
    [InlineData("1990/5/2")]
    [InlineData("1990.05.12")]
    [InlineData("19900512")]
    [InlineData("1990年5月12日")]
    [InlineData("2000-02-29")] // a leap day
    [InlineData("1990-05-12 00:00:00")]
    public void Matches_BirthDate_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("1990-02-30")] // no such day
    [InlineData("1899-12-31")] // before anyone living was born
    [InlineData("2030-01-01")] // in the future
    [InlineData("1990-13-01")]
    [InlineData("1990-05")] // month only
    [InlineData("19900512123")] // a number
    [InlineData("1990年5月12")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }
}
