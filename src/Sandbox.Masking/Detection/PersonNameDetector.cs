namespace Sandbox.Masking.Detection;

/// <summary>
/// A Chinese person's name: a common surname (single or compound, 欧阳/司马 …) and a 1–2 char given name, or a
/// minority name of ideograph segments joined by a middle dot (阿卜杜拉·艾买提).
/// </summary>
/// <remarks>
/// Contextual evidence: brands and place names share the shape, so a value match alone proves little. It is
/// not among <see cref="Detectors.All"/>; <see cref="ColumnClassifier"/> names a column from it only at a very
/// high rate or next to a header hint. Values ending in a place or organization char (江宁区, 某某公司) never match.
/// </remarks>
internal sealed class PersonNameDetector : IDetector
{
    // The most common single surnames (together well over 90% of the population).
    private const string Surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝萧洪赖阎鞠官";

    private static readonly string[] CompoundSurnames =
    [
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
        "令狐", "端木", "西门", "南宫", "独孤", "轩辕", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离",
        "闻人", "赫连", "万俟",
    ];

    // Last chars of places, buildings and organizations, which no given name ends in in practice.
    private const string NonNameEndings = "区县市省镇乡村路街巷号楼栋室局厅院校厂店馆站业部处科司社所署委办";

    public string Entity => Entities.PersonName;

    public int DefaultLevel => 3;

    /// <summary>False when the last char is one places, buildings and organizations end in (区, 路, 部, 店 …).</summary>
    public static bool EndsLikeAName(ReadOnlySpan<char> value) => !value.IsEmpty && !NonNameEndings.Contains(value[^1]);

    public bool Matches(ReadOnlySpan<char> value)
    {
        if (!ChineseNameShape.Matches(value))
        {
            return false;
        }

        if (value.Length > 4 || value.IndexOfAny("·・•") >= 0)
        {
            return value.IndexOfAny("·・•") >= 0; // minority names: the dotted shape is the evidence
        }

        if (NonNameEndings.Contains(value[^1]))
        {
            return false;
        }

        foreach (var compound in CompoundSurnames)
        {
            if (value.StartsWith(compound, StringComparison.Ordinal))
            {
                return value.Length is 3 or 4;
            }
        }

        return value.Length is 2 or 3 && Surnames.Contains(value[0]);
    }
}
