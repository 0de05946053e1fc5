using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Detection;

public sealed class AddressDetectorTests
{
    private readonly AddressDetector _detector = new();

    [Theory]
    [InlineData("南京市江宁区天元中路123号")]
    [InlineData("江苏省苏州市吴中区木渎镇金山路8号2幢301室")]
    [InlineData("北京市朝阳区建国路88号")]
    [InlineData("浙江省杭州市西湖区文三路100-2号")]
    [InlineData("广西壮族自治区南宁市青秀区民族大道一百号")]
    [InlineData("江宁区秣陵街道胜利村12号")]
    public void Matches_StructuredAddress_ReturnsTrue(string value)
    {
        Assert.True(_detector.Matches(value));
    }

    [Theory]
    [InlineData("江宁区")] // a district name
    [InlineData("南京市江宁区")] // administrative units only
    [InlineData("南京紫金科技有限公司")] // a company name
    [InlineData("天元中路123号")] // no administrative unit
    [InlineData("南京市江宁区天元中路")] // no house number
    [InlineData("123号")]
    [InlineData("Room 5, 12 Main Road")]
    [InlineData("")]
    public void Matches_LookAlike_ReturnsFalse(string value)
    {
        Assert.False(_detector.Matches(value));
    }

    [Theory]
    [InlineData("江苏省南京市江宁区天元中路123号", "江苏省南京市江宁区")]
    [InlineData("南京市玄武区中山路1号", "南京市玄武区")]
    [InlineData("苏州市吴江市松陵镇1号", null)] // no district-level unit ending in 区/县/旗
    public void DistrictEnd_Address_CutsAfterTheDistrict(string value, string? district)
    {
        var end = AddressDetector.DistrictEnd(value);

        Assert.Equal(district, end < 0 ? null : value[..end]);
    }
}
