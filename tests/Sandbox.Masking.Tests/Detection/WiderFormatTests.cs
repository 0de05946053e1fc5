using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

/// <summary>Issue 13: formats the detectors missed, each next to look-alikes that must stay unmatched.</summary>
public sealed class WiderFormatTests
{
    [Theory]
    [InlineData("8112345678901239", true)] // UnionPay 81 series
    [InlineData("2221000000000009", true)] // Mastercard 2-series, low end
    [InlineData("2720123456789010", true)] // Mastercard 2-series, high end
    [InlineData("6225 8861 6539 5201", true)] // grouped
    [InlineData("6225-8861-6539-5201-236", true)] // grouped 19 digits
    [InlineData("2721123456789019", false)] // Luhn-valid but above 2720
    [InlineData("8012345678901234", false)] // 80: no network
    [InlineData("6225 8861 6539 5202", false)] // grouped, fails Luhn
    [InlineData("6225 8861-6539 5201", false)] // mixed separators
    public void BankCard_WiderFormats(string value, bool expected) => Assert.Equal(expected, Matches(Entities.BankCard, value));

    [Theory]
    [InlineData("(0411) 50447557", true)]
    [InlineData("(0411)50447557", true)]
    [InlineData("+86-21-64565427", true)]
    [InlineData("+86 571 8765 4321", true)]
    [InlineData("0086 10 62345678", true)]
    [InlineData("+86 138 0013 8000", false)] // a mobile, not a landline
    [InlineData("(0411 50447557", false)] // unclosed
    [InlineData("2023-10-01 12345", false)] // a date and a number
    [InlineData("0411-5044-7557-1", false)] // too many digits
    public void Landline_WiderFormats(string value, bool expected) => Assert.Equal(expected, Matches(Entities.Landline, value));

    [Theory]
    [InlineData("DE1234567", true)]
    [InlineData("SE1234567", true)]
    [InlineData("PE1234567", true)]
    [InlineData("EA1234567", true)]
    [InlineData("DX1234567", false)]
    [InlineData("DE123456", false)]
    public void Passport_EPassports(string value, bool expected) => Assert.Equal(expected, Matches(Entities.Passport, value));

    [Theory]
    [InlineData("830000199001011234", true)] // Taiwan residents' residence permit
    [InlineData("840000199001011236", false)] // no region 84, though the check char is right
    public void ResidentId_ResidencePermits(string value, bool expected) => Assert.Equal(expected, Matches(Entities.ResidentId, value));

    [Theory]
    [InlineData("苏A·12345", true)]
    [InlineData("京B・D12345", true)]
    [InlineData("苏A··12345", false)]
    [InlineData("苏I·12345", false)]
    public void LicensePlate_WithMiddleDot(string value, bool expected) => Assert.Equal(expected, Matches(Entities.LicensePlate, value));

    [Theory]
    [InlineData("登录IP10.12.3.4，异常", Entities.IpAddress)]
    [InlineData("来源IP:10.12.3.4", Entities.IpAddress)]
    [InlineData("车辆苏A·12345违停", Entities.LicensePlate)]
    [InlineData("版本V1.2.3发布", null)]
    public void FindIn_ValuesWrittenAfterALabel(string text, string? entity) => Assert.Equal(entity, Detectors.FindIn(text)?.Entity);

    [Theory]
    [InlineData("萧敬腾")]
    [InlineData("洪金宝")]
    [InlineData("赖美云")]
    [InlineData("阎学通")]
    [InlineData("鞠婧祎")]
    [InlineData("官鸿")]
    public void PersonName_MoreSurnames(string value) => Assert.True(Matches(Entities.PersonName, value));

    [Theory]
    [InlineData("中山市石岐街道宏远社区", true)]
    [InlineData("河南省周口市郸城县汲冢镇王庄村", true)]
    [InlineData("江苏省南京市江宁区东山街道翠屏山庄12栋301室", true)]
    [InlineData("南京市江宁区东山街道某某科技有限公司", false)]
    [InlineData("东山街道办事处", false)]
    [InlineData("江宁区", false)]
    public void Address_EstatesAndVillagesWithoutHouseNumber(string value, bool expected) => Assert.Equal(expected, Matches(Entities.Address, value));

    private static bool Matches(string entity, string value) => Detectors.For(entity)!.Matches(value);
}
