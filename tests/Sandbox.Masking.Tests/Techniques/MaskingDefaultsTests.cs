using Sandbox.Masking.Detection;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class MaskingDefaultsTests
{
    [Theory]
    [InlineData(Entities.Uscc, 1)]
    [InlineData(null, 2)]
    [InlineData(Entities.Mobile, 2)]
    public void For_LevelAtMostTwo_Keeps(string? entity, int level)
    {
        Assert.Equal(new MaskingRule(Technique.Keep), MaskingDefaults.For(entity, level));
    }

    [Theory]
    [InlineData(Entities.Mobile, 3, 4)]
    [InlineData(Entities.Landline, 3, 4)]
    [InlineData(Entities.PersonName, 1, 0)]
    [InlineData(Entities.Email, 1, 1)]
    [InlineData(null, 1, 1)]
    public void For_LevelThree_KeepsFirstLast(string? entity, int first, int last)
    {
        Assert.Equal(new MaskingRule(Technique.KeepFirstLast, first, last), MaskingDefaults.For(entity, 3));
    }

    [Theory]
    [InlineData(Entities.ResidentId)]
    [InlineData(Entities.Mobile)]
    [InlineData(null)]
    public void For_LevelFour_Tokenizes(string? entity)
    {
        Assert.Equal(new MaskingRule(Technique.Tokenize), MaskingDefaults.For(entity, 4));
    }

    [Fact]
    public void For_LevelZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskingDefaults.For(null, 0));
    }

    [Theory]
    [InlineData("keep", Technique.Keep, 0, 0)]
    [InlineData("tokenize", Technique.Tokenize, 0, 0)]
    [InlineData("redact", Technique.Redact, 0, 0)]
    [InlineData(" Redact ", Technique.Redact, 0, 0)]
    [InlineData("mask", Technique.KeepFirstLast, 1, 1)]
    [InlineData("keep-first-3-last-4", Technique.KeepFirstLast, 3, 4)]
    [InlineData("keep-first-0-last-0", Technique.KeepFirstLast, 0, 0)]
    [InlineData("keep-first-10-last-2", Technique.KeepFirstLast, 10, 2)]
    public void Parse_KnownName_ReturnsRule(string text, Technique technique, int first, int last)
    {
        Assert.Equal(new MaskingRule(technique, first, last), MaskingDefaults.Parse(text));
    }

    [Theory]
    [InlineData(Entities.Mobile, 3, 4)]
    [InlineData(Entities.PersonName, 1, 0)]
    [InlineData(Entities.LicensePlate, 1, 1)]
    public void Parse_MaskWithEntity_ReturnsEntityPartialMask(string entity, int first, int last)
    {
        Assert.Equal(new MaskingRule(Technique.KeepFirstLast, first, last), MaskingDefaults.Parse("mask", entity));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hash")]
    [InlineData("keep-first-3")]
    [InlineData("keep-first--1-last-4")]
    [InlineData("keep-first-+3-last-4")]
    [InlineData("keep-first-3-last-")]
    [InlineData("keep-first-three-last-4")]
    [InlineData("keep-first-3-last-4x")]
    public void Parse_UnknownName_ThrowsFormatExceptionNamingIt(string text)
    {
        var error = Assert.Throws<FormatException>(() => MaskingDefaults.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains("keep-first-N-last-M", error.Message);
    }

    [Theory]
    [InlineData("keep", "keep-first-3-last-4", true)]
    [InlineData("keep-first-3-last-4", "keep-first-3-last-4", false)]
    [InlineData("keep-first-1-last-1", "keep-first-3-last-4", false)]
    [InlineData("keep-first-4-last-0", "keep-first-3-last-4", true)] // reveals the 4th char the default hides
    [InlineData("keep-first-3-last-4", "keep-first-1-last-1", true)]
    [InlineData("keep-first-3-last-4", "tokenize", true)]
    [InlineData("keep", "tokenize", true)]
    [InlineData("tokenize", "tokenize", false)]
    [InlineData("redact", "tokenize", false)]
    [InlineData("tokenize", "redact", false)]
    [InlineData("tokenize", "keep", false)]
    [InlineData("keep", "keep", false)]
    public void IsWeakerThan_RuleAgainstDefault_ComparesStrength(string rule, string levelDefault, bool weaker)
    {
        Assert.Equal(weaker, MaskingDefaults.IsWeakerThan(MaskingDefaults.Parse(rule), MaskingDefaults.Parse(levelDefault)));
    }

    [Fact]
    public void IsWeakerThan_DifferentMaskChar_IsNotWeaker()
    {
        Assert.False(MaskingDefaults.IsWeakerThan(
            new MaskingRule(Technique.KeepFirstLast, 3, 4, '#'),
            new MaskingRule(Technique.KeepFirstLast, 3, 4)));
    }

    [Theory]
    [InlineData("year", Generalization.Year)]
    [InlineData("month", Generalization.Month)]
    [InlineData("district", Generalization.District)]
    [InlineData("age-band-5", Generalization.AgeBand)]
    [InlineData("bucket-1000", Generalization.Bucket)]
    [InlineData("top-code-100000", Generalization.Bucket)]
    public void Parse_Generalization_ReturnsGeneralizeRule(string text, Generalization expected)
    {
        var rule = MaskingDefaults.Parse(text);

        Assert.Equal(Technique.Generalize, rule.Technique);
        Assert.Equal(expected, rule.Generalization);
    }

    [Fact]
    public void Parse_NoiseAndDateShift_CarryParameters()
    {
        Assert.Equal(0.05, MaskingDefaults.Parse("noise-5%").Scale, 6);
        Assert.Equal(30, MaskingDefaults.Parse("date-shift-30").MaxDays);
        Assert.Throws<FormatException>(() => MaskingDefaults.Parse("noise-5"));
        Assert.Throws<FormatException>(() => MaskingDefaults.Parse("age-band-0"));
    }

    [Fact]
    public void For_BirthDateAndAddressAtLevelThree_Generalize()
    {
        Assert.Equal(Generalization.Year, MaskingDefaults.For(Entities.DateOfBirth, 3).Generalization);
        Assert.Equal(Generalization.District, MaskingDefaults.For(Entities.Address, 3).Generalization);
    }

    [Fact]
    public void IsWeakerThan_MonthAgainstYear_IsWeaker()
    {
        var year = MaskingDefaults.Parse("year");

        Assert.True(MaskingDefaults.IsWeakerThan(MaskingDefaults.Parse("month"), year));
        Assert.False(MaskingDefaults.IsWeakerThan(year, MaskingDefaults.Parse("month")));
        Assert.True(MaskingDefaults.IsWeakerThan(MaskingDefaults.Parse("keep"), year));
        Assert.False(MaskingDefaults.IsWeakerThan(MaskingDefaults.Parse("tokenize"), year));
    }
}
