using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class ColumnClassifierTests
{
    private const int SampleSize = 200;

    [Fact]
    public void Classify_AnonymousHeadersOnWholeTable_ClassifiesFromContent()
    {
        var s = new Synthetic(11);
        var table = new (string Name, Func<string> Value, string? Entity, int Level)[]
        {
            ("c01", s.ResidentId, Entities.ResidentId, 4),
            ("c02", s.Mobile, Entities.Mobile, 3),
            ("c03", s.Uscc, Entities.Uscc, 1),
            ("c04", () => s.BankCard(), Entities.BankCard, 4),
            ("c05", s.Landline, Entities.Landline, 3),
            ("c06", s.Email, Entities.Email, 3),
            ("c07", s.IPv4, Entities.IpAddress, 3),
            ("c08", s.ChineseName, Entities.PersonName, 3), // surname-led names at a very high rate
            ("c09", () => s.Number(18), null, 1), // order numbers
            ("c10", s.Passport, Entities.Passport, 4),
            ("c11", s.LicensePlate, Entities.LicensePlate, 3),
            ("c12", s.Address, Entities.Address, 3),
            ("c13", s.Remark, Entities.FreeTextPii, 3),
            ("c14", () => s.BirthDate().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Entities.DateOfBirth, 3), // decades of adults' birth dates
            ("c16", () => new DateOnly(2016, 1, 1).AddDays(int.Parse(s.Number(4), CultureInfo.InvariantCulture) % 3000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, 1), // recent registration dates
            ("c15", () => s.District(), null, 1),
        };

        foreach (var (name, value, entity, level) in table)
        {
            var result = ColumnClassifier.Classify(name, Column(value));

            Assert.Equal(entity, result.Entity);
            Assert.Equal(level, result.Level);
            Assert.Equal(name, result.Name);
        }
    }

    [Fact]
    public void Classify_ChineseHeadersOnWholeTable_AgreeWithContentAtHighConfidence()
    {
        var s = new Synthetic(12);
        var table = new (string Name, Func<string> Value, string Entity, int Level)[]
        {
            ("身份证号", s.ResidentId, Entities.ResidentId, 4),
            ("公民身份号码", s.LegacyResidentId, Entities.ResidentId, 4),
            ("手机号码", s.Mobile, Entities.Mobile, 3),
            ("统一社会信用代码", s.Uscc, Entities.Uscc, 1),
            ("姓名", s.ChineseName, Entities.PersonName, 3),
            ("法定代表人", s.ChineseName, Entities.PersonName, 3),
            ("护照号码", s.Passport, Entities.Passport, 4),
            ("车牌号", s.LicensePlate, Entities.LicensePlate, 3),
            ("家庭住址", s.Address, Entities.Address, 3),
        };

        foreach (var (name, value, entity, level) in table)
        {
            var result = ColumnClassifier.Classify(name, Column(value));

            Assert.Equal(entity, result.Entity);
            Assert.Equal(level, result.Level);
            Assert.True(result.Confidence >= 0.85, $"{name}: confidence {result.Confidence}");
        }
    }

    [Fact]
    public void Classify_AnonymousResidentIds_ConfidenceBelowHintedConfidence()
    {
        var s = new Synthetic(13);
        var values = Column(s.ResidentId);

        var anonymous = ColumnClassifier.Classify("c01", values);
        var hinted = ColumnClassifier.Classify("sfzh", values);

        Assert.True(anonymous.Confidence >= 0.9);
        Assert.True(hinted.Confidence > anonymous.Confidence);
    }

    [Fact]
    public void Classify_ResidentIdHeaderWithEmptySample_IsResidentIdWithLowConfidence()
    {
        var result = ColumnClassifier.Classify("身份证号", []);

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.Equal(4, result.Level);
        Assert.True(result.Confidence <= 0.5);
    }

    [Fact]
    public void Classify_ResidentIdHeaderWithOnlyNulls_IsResidentIdWithLowConfidence()
    {
        var result = ColumnClassifier.Classify("sfzh", [null, "", "  ", null]);

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.True(result.Confidence <= 0.5);
    }

    [Fact]
    public void Classify_ResidentIdHeaderWithAlreadyMaskedValues_NeverLevelOne()
    {
        var values = Enumerable.Repeat("110105********002X", 50).ToList<string?>();

        var result = ColumnClassifier.Classify("身份证号", values);

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.Equal(4, result.Level);
        Assert.True(result.Confidence < 0.5);
    }

    [Fact]
    public void Classify_ResidentIdHeaderOverCreditCodes_ContentBeatsTheHeader()
    {
        var s = new Synthetic(14);

        var result = ColumnClassifier.Classify("身份证号", Column(s.Uscc));

        Assert.Equal(Entities.Uscc, result.Entity); // content is what it is, validated by its check char (issue 13) …
        Assert.Equal(1, result.Level); // … so the header does not raise enterprises' codes to a person's level
        Assert.True(result.Confidence < 0.85);
    }

    [Fact]
    public void Classify_HalfValidMobilesWithHint_IsMobile()
    {
        var s = new Synthetic(15);
        var values = Enumerable.Range(0, 100).Select(i => i % 10 < 6 ? s.Mobile() : "unknown").ToList<string?>();

        Assert.Equal(Entities.Mobile, ColumnClassifier.Classify("手机号", values).Entity);
        Assert.Equal(Entities.Mobile, ColumnClassifier.Classify("c02", values).Entity); // any share counts (issue 13)
    }

    [Fact]
    public void Classify_MostlyValidIdsWithNullsAndPadding_IgnoresEmptyAndTrims()
    {
        var s = new Synthetic(16);
        var values = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? null : $" {s.ResidentId()} ").ToList();

        var result = ColumnClassifier.Classify("c03", values);

        Assert.Equal(Entities.ResidentId, result.Entity);
        Assert.Equal(0.95, result.Confidence);
    }

    [Fact]
    public void Classify_NameHeaderOverCompanyNames_IsNotRaisedByTheHeader()
    {
        var values = Enumerable.Repeat("南京紫金科技有限公司", 20).ToList<string?>();

        var result = ColumnClassifier.Classify("姓名", values);

        // Issue 13: a header never raises a column whose sample contradicts it.
        Assert.Null(result.Entity);
        Assert.Equal(1, result.Level);
    }

    [Theory]
    [InlineData("district")]
    [InlineData("c04")]
    public void Classify_DistrictNamesWithoutNameHint_IsNotSensitive(string header)
    {
        var values = new List<string?> { "玄武区", "秦淮区", "鼓楼区", "建邺区", "栖霞区" };

        var result = ColumnClassifier.Classify(header, values);

        Assert.Null(result.Entity);
        Assert.Equal(1, result.Level);
    }

    [Fact]
    public void Classify_EighteenDigitOrderNumbersUnderIdHeaderlessColumn_IsNotResidentId()
    {
        var s = new Synthetic(17);

        var result = ColumnClassifier.Classify("order_no", Column(() => s.Number(18)));

        Assert.Null(result.Entity);
        Assert.True(result.Confidence >= 0.8);
    }

    [Fact]
    public void Classify_EmptyAnonymousColumn_IsNullWithZeroConfidence()
    {
        Assert.Equal(new ColumnClassification("c09", null, 0, 1), ColumnClassifier.Classify("c09", []));
    }

    [Theory]
    [InlineData("出生日期")]
    [InlineData("csrq")]
    [InlineData("date_of_birth")]
    public void Classify_DatesUnderBirthHeader_IsDateOfBirth(string header)
    {
        var s = new Synthetic(18);

        var result = ColumnClassifier.Classify(header, Column(() => s.BirthDate().ToString("yyyyMMdd", CultureInfo.InvariantCulture)));

        Assert.Equal(Entities.DateOfBirth, result.Entity);
        Assert.Equal(3, result.Level);
        Assert.True(result.Confidence >= 0.85);
    }

    [Fact]
    public void Classify_RemarksMentioningResidentIds_IsFreeTextAtLevelFour()
    {
        var s = new Synthetic(19);
        var values = Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? $"申请人身份证{s.ResidentId()}，材料齐全" : "材料齐全，已受理").ToList<string?>();

        var result = ColumnClassifier.Classify("备注", values);

        Assert.Equal(Entities.FreeTextPii, result.Entity);
        Assert.Equal(4, result.Level);
    }

    [Fact]
    public void Classify_RemarksWithoutIdentifiers_IsNotSensitive()
    {
        var values = Enumerable.Range(0, 100).Select(i => $"第{i}批材料齐全，订单号 {100000000000000000L + i} 已受理").ToList<string?>();

        var result = ColumnClassifier.Classify("c16", values);

        Assert.Null(result.Entity);
    }

    [Fact]
    public void Classify_CompanyNamesWithoutHint_IsNotSensitive()
    {
        var values = new List<string?> { "南京紫金科技有限公司", "江苏某某建设集团", "华为", "小米", "金陵饭店" };

        Assert.Null(ColumnClassifier.Classify("c17", values).Entity);
    }

    private static List<string?> Column(Func<string> value) =>
        Enumerable.Range(0, SampleSize).Select(_ => (string?)value()).ToList();
}
