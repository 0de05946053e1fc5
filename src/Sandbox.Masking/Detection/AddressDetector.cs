using System.Text.RegularExpressions;

namespace Sandbox.Masking.Detection;

/// <summary>
/// Postal addresses with the structure of a Chinese address: at least one administrative unit (省, 市, 区,
/// 县, 旗, 镇, 乡 …), then a road, street, lane or village and a house number ending in 号
/// (南京市江宁区天元中路123号, 江苏省苏州市吴中区木渎镇金山路8号2幢301室).
/// </summary>
/// <remarks>A district name (江宁区), a road without number or a company name has no such structure.</remarks>
internal sealed partial class AddressDetector : IDetector
{
    public string Entity => Entities.Address;

    public int DefaultLevel => 3;

    public bool Matches(ReadOnlySpan<char> value) =>
        value.Length is >= 6 and <= 120 && value[0] >= '\u4E00'
        && (Structure().IsMatch(value) || (Settlement().IsMatch(value) && !Organization().IsMatch(value)));

    /// <summary>The index just past the district-level unit (区/县/旗/县级市) of <paramref name="value"/>, or -1.</summary>
    /// <remarks>Used by generalization to keep "江苏省南京市江宁区" of a full address.</remarks>
    public static int DistrictEnd(ReadOnlySpan<char> value)
    {
        var match = District().EnumerateMatches(value);
        return match.MoveNext() ? match.Current.Index + match.Current.Length : -1;
    }

    // 1. optional province, prefecture, district and town units, at least one of them present (lookahead);
    // 2. a road/street/village name; 3. a house number ending in 号; 4. anything after (building, room).
    [GeneratedRegex(
        @"^(?=[^号]*?(?:省|自治区|市|州|盟|区|县|旗|镇|乡))" +
        @"(?:[\u4E00-\u9FFF]{1,10}?(?:省|自治区|特别行政区))?" +
        @"(?:[\u4E00-\u9FFF]{1,10}?(?:市|自治州|地区|盟))?" +
        @"(?:[\u4E00-\u9FFF]{1,10}?(?:区|县|旗|市))?" +
        @"(?:[\u4E00-\u9FFF]{1,10}?(?:街道|镇|乡))?" +
        @"[\u4E00-\u9FFF0-9A-Za-z]{1,20}?(?:大道|大街|路|街|巷|弄|胡同|村|里)" +
        @"[0-9一二三四五六七八九十百〇零\-]{1,8}号" +
        @".{0,60}$",
        RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Structure();

    // Addresses without a house number (estates, villages, hukou addresses): a county-level unit or a prefecture, then
    // a town or street office or directly a village, community, estate or building (中山市石岐街道宏远社区,
    // 河南省周口市郸城县汲冢镇王庄村, 江宁区东山街道翠屏山庄12栋301室).
    [GeneratedRegex(
        @"^(?:[\u4E00-\u9FFF]{1,10}?(?:省|自治区|特别行政区))?(?:[\u4E00-\u9FFF]{1,10}?(?:市|自治州|地区|盟))?(?:[\u4E00-\u9FFF]{1,12}?(?:区|县|旗|市))?" +
        @"(?:[\u4E00-\u9FFF]{1,10}?(?:街道|镇|乡))" +
        @"[\u4E00-\u9FFF0-9A-Za-z\-]{1,20}?(?:村|社区|小区|花园|山庄|公寓|家园|新村|苑|庄|组|栋|幢|室|单元|号楼)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Settlement();

    // Organizations located somewhere (南京市江宁区东山街道某某科技有限公司) are not addresses.
    [GeneratedRegex(@"(?:公司|集团|厂|店|局|院|学校|中心|委员会|办事处|银行)$", RegexOptions.CultureInvariant)]
    private static partial Regex Organization();

    [GeneratedRegex(
        @"^(?:[\u4E00-\u9FFF]{1,10}?(?:省|自治区|特别行政区))?(?:[\u4E00-\u9FFF]{1,10}?(?:市|自治州|地区|盟))?[\u4E00-\u9FFF]{1,10}?(?:区|县|旗)",
        RegexOptions.CultureInvariant)]
    private static partial Regex District();
}
