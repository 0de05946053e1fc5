using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

/// <summary>Issue 13: address generalization follows GB/T 2260 and never stops below the county level.</summary>
public sealed class AddressGeneralizationTests
{
    [Theory]
    [InlineData("中山市石岐街道宏远社区3栋", "中山市")]
    [InlineData("广东省东莞市南城街道宏远村12号", "广东省东莞市")]
    [InlineData("江苏省昆山市玉山镇前进西路8号", "江苏省昆山市")]
    [InlineData("苏州市昆山市玉山镇", "苏州市昆山市")]
    [InlineData("湖北省宜昌市长阳土家族自治县龙舟坪镇", "湖北省宜昌市长阳土家族自治县")]
    [InlineData("云南省玉溪市元江哈尼族彝族傣族自治县澧江街道", "云南省玉溪市元江哈尼族彝族傣族自治县")]
    [InlineData("上海市浦东新区张江镇", "上海市浦东新区")]
    [InlineData("北京朝阳区望京街道", "北京朝阳区")]
    [InlineData("江宁区东山街道", "江宁区")]
    [InlineData("新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县", "新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县")]
    [InlineData("南京市某某新区某街道", "南京市")]
    [InlineData("宏远社区3栋", "")]
    public void District_Address_StopsAtTheCountyLevelNeverBelow(string address, string expected)
    {
        Assert.Equal(expected, AddressGeneralization.District(address).ToString());
    }
}
