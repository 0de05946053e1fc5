using Microsoft.Extensions.Time.Testing;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class ResidentIdDetectorTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero));
    private readonly ResidentIdDetector _detector = new(Time);

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")] // lower-case check char
    public void Matches_PublishedExample_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Fact]
    public void Matches_LegacyFifteenDigits_ReturnsTrue()
    {
        Assert.True(_detector.Matches("110105491231002"));
    }

    [Theory]
    [InlineData("110105194912310021")] // wrong check char
    [InlineData("910105194912310027")] // 91 is no province (check char recomputed below is irrelevant: region fails first)
    [InlineData("110105194913310020")] // month 13
    [InlineData("110105194902300020")] // 30 February
    [InlineData("110105189912310020")] // born 1899
    [InlineData("440524188001010014")] // the standard's second example: valid check char, but born 1880
    [InlineData("11010519491231002Y")]
    [InlineData("1101051949123100 X")]
    [InlineData("11010519491231002")] // 17 chars
    [InlineData("110105491331002")] // legacy with month 13
    [InlineData("910105491231002")] // legacy with no province
    [InlineData("")]
    public void Matches_Malformed_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }

    [Fact]
    public void Matches_BirthDateAfterToday_ReturnsFalse()
    {
        var first17 = "11010520260616" + "001"; // one day after the fake today
        Assert.False(_detector.Matches(first17 + CheckDigits.ResidentId(first17)));
    }

    [Fact]
    public void Matches_BirthDateToday_ReturnsTrue()
    {
        var first17 = "11010520260615" + "001";
        Assert.True(_detector.Matches(first17 + CheckDigits.ResidentId(first17)));
    }

    [Fact]
    public void Matches_RegionWithProvinceButCorrectCheck_RequiresRealProvince()
    {
        var first17 = "90010519491231002"; // 90 is not a province even though the check char is right
        Assert.False(_detector.Matches(first17 + CheckDigits.ResidentId(first17)));
    }

    [Fact]
    public void Matches_EighteenDigitOrderNumbers_RarelyMatch()
    {
        var synthetic = new Synthetic(7);
        var matches = Enumerable.Range(0, 1000).Count(_ => _detector.Matches(synthetic.Number(18)));

        // Region, date and check char together leave well under 1% of random numbers through.
        Assert.True(matches < 10, $"{matches} of 1000 order numbers matched");
    }

    [Fact]
    public void Matches_DoesNotAllocate()
    {
        var value = "11010519491231002X".AsSpan();
        _detector.Matches(value);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _detector.Matches(value);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
