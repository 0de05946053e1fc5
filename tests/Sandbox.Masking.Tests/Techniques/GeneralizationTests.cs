using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class GeneralizationTests
{
    [Theory]
    [InlineData("1990-05-12", Generalization.Year, "1990")]
    [InlineData("19900512", Generalization.Month, "1990-05")]
    [InlineData("1990年5月2日", Generalization.Month, "1990-05")]
    [InlineData("not a date", Generalization.Year, null)]
    public void Generalize_DateText_KeepsYearOrMonth(string text, Generalization to, string? expected)
    {
        Span<char> buffer = stackalloc char[7];
        var written = DateGeneralization.Generalize(text, to, buffer);

        Assert.Equal(expected, written < 0 ? null : new string(buffer[..written]));
    }

    [Fact]
    public void Truncate_Date_IsFirstDayOfYearOrMonth()
    {
        Assert.Equal(new DateOnly(1990, 1, 1), DateGeneralization.Truncate(new DateOnly(1990, 5, 12), Generalization.Year));
        Assert.Equal(new DateOnly(1990, 5, 1), DateGeneralization.Truncate(new DateOnly(1990, 5, 12), Generalization.Month));
    }

    [Theory]
    [InlineData(37, 10, null, null, "30-39")]
    [InlineData(37, 5, null, null, "35-39")]
    [InlineData(85, 10, null, 80, "80+")]
    [InlineData(15, 10, 18, 80, "<18")]
    [InlineData(0, 10, null, null, "0-9")]
    public void AgeBand_Age_IsItsBand(int age, int width, int? bottom, int? top, string expected)
    {
        Assert.Equal(expected, NumericGeneralization.AgeBand(age, width, bottom, top));
    }

    [Theory]
    [InlineData(12345, 1000, null, null, 12000)]
    [InlineData(-1, 1000, null, null, -1000)]
    [InlineData(2_500_000, 1000, null, 1_000_000.0, 1_000_000)] // top coding
    [InlineData(3, 0, 10.0, null, 10)] // bottom coding only
    public void Bucket_Value_IsLowerBoundOrCoded(double value, double width, double? bottom, double? top, double expected)
    {
        Assert.Equal(expected, NumericGeneralization.Bucket(value, width, bottom, top));
    }

    [Theory]
    [InlineData("江苏省南京市江宁区天元中路123号", "江苏省南京市江宁区")]
    [InlineData("天元中路123号", "")] // cannot be cut: hidden whole, never kept
    public void District_Address_KeepsUnitsUpToDistrict(string address, string expected)
    {
        Assert.Equal(expected, AddressGeneralization.District(address).ToString());
    }
}
