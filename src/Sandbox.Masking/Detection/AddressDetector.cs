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
        value.Length is >= 6 and <= 120 && value[0] >= '\u4E00' && Structure().IsMatch(value);

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

    [GeneratedRegex(
        @"^(?:[\u4E00-\u9FFF]{1,10}?(?:省|自治区|特别行政区))?(?:[\u4E00-\u9FFF]{1,10}?(?:市|自治州|地区|盟))?[\u4E00-\u9FFF]{1,10}?(?:区|县|旗)",
        RegexOptions.CultureInvariant)]
    private static partial Regex District();
}
