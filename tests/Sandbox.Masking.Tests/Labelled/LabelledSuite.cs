using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests.Labelled;

/// <summary>
/// Realistic labelled columns of our own: persons, enterprises and decoys, under anonymous and Chinese headers,
/// personal values at shares of 1–100% among fillers (无, 未知, empty, harmless text). Values are generated
/// (valid check digits, random digits), never real people's data.
/// </summary>
internal sealed class LabelledSuite(int seed)
{
    public const int Rows = 2000;

    private static readonly int[] Shares = [1, 3, 10, 25, 60, 100];
    private static readonly string[] Fillers = ["无", "未知", "", "-", "暂无", "不详"];
    private static readonly string[] Companies = ["南京紫金科技有限公司", "江苏汇通物流有限公司", "苏州新世纪商贸有限公司", "无锡华光建设集团", "金陵饭店", "南京市第一医院"];
    private static readonly string[] Departments = ["财务部", "办公室", "人事处", "技术部", "销售部", "客服中心"];
    private static readonly string[] Towns = ["东山街道", "汲冢镇", "石岐街道", "玉山镇", "秣陵街道"];
    private static readonly string[] Estates = ["翠屏山庄", "宏远社区", "王庄村", "金陵小区", "银城花园", "东方家园"];
    private static readonly string[] Models = ["iPhone 13", "Mate 60 Pro", "Redmi K70", "vivo X100", "OPPO Find X7"];
    private static readonly string[] Products = ["白菜", "黄瓜", "高粱", "石榴", "马铃薯", "钢材", "水泥", "大米", "花生油"];

    private readonly Random _random = new(seed);
    private readonly Synthetic _s = new(seed);

    /// <summary>Every file of the suite: persons, enterprises and decoys, each under anonymous and Chinese headers.</summary>
    public IReadOnlyList<LabelledColumn> Columns()
    {
        var columns = new List<LabelledColumn>();
        foreach (var anonymous in new[] { true, false })
        {
            columns.AddRange(Persons(anonymous));
            columns.AddRange(Enterprises(anonymous));
            columns.AddRange(Decoys(anonymous));
        }

        return columns;
    }

    private IEnumerable<LabelledColumn> Persons(bool anonymous)
    {
        var file = anonymous ? "persons/anonymous" : "persons/chinese";
        var personal = new (string Header, string Entity, Func<string> Value)[]
        {
            ("身份证号", Entities.ResidentId, () => _random.Next(10) == 0 ? _s.LegacyResidentId() : _s.ResidentId()),
            ("手机号码", Entities.Mobile, FormattedMobile),
            ("联系电话", Entities.Mobile, () => _random.Next(2) == 0 ? FormattedMobile() : FormattedLandline()),
            ("固定电话", Entities.Landline, FormattedLandline),
            ("银行卡号", Entities.BankCard, GroupedCard),
            ("电子邮箱", Entities.Email, _s.Email),
            ("客户名称", Entities.PersonName, _s.ChineseName),
            ("家庭住址", Entities.Address, Address),
            ("户籍地址", Entities.Address, Hukou),
            ("车牌号码", Entities.LicensePlate, Plate),
            ("护照号码", Entities.Passport, _s.Passport),
            ("登录IP", Entities.IpAddress, _s.IPv4),
            ("出生日期", Entities.DateOfBirth, () => _s.BirthDate().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("备注", Entities.FreeTextPii, () => $"客户来电，联系电话{_s.Mobile()}，请回访"),
        };
        var i = 0;
        foreach (var (header, entity, value) in personal)
        {
            foreach (var share in Shares)
            {
                // Names and birth dates are contextual: at the smallest shares only a header can tell them apart.
                if (anonymous && share < 10 && entity is Entities.DateOfBirth)
                {
                    continue;
                }

                Func<string> other = entity == Entities.PersonName ? () => Companies[_random.Next(Companies.Length)] : Filler;
                yield return Column(file, anonymous ? $"c{++i:D2}" : header, entity, share, value, other);
            }
        }
    }

    private IEnumerable<LabelledColumn> Enterprises(bool anonymous)
    {
        var file = anonymous ? "enterprises/anonymous" : "enterprises/chinese";
        var i = 0;
        string H(string header) => anonymous ? $"e{++i:D2}" : header;
        foreach (var share in Shares)
        {
            yield return Column(file, H("法定代表人"), Entities.PersonName, Math.Max(share, 10), _s.ChineseName, () => Companies[_random.Next(Companies.Length)]);
            yield return Column(file, H("法定代表人身份证号"), Entities.ResidentId, share, _s.ResidentId, Filler);
            yield return Column(file, H("联系人手机"), Entities.Mobile, share, FormattedMobile, Filler);
            yield return Column(file, H("注册地址"), Entities.Address, share, Address, Filler);
        }

        yield return Column(file, H("统一社会信用代码"), null, 100, _s.Uscc, Filler);
        yield return Column(file, H("企业名称"), null, 100, () => Companies[_random.Next(Companies.Length)], Filler);
        yield return Column(file, H("注册资本"), null, 100, () => (_random.Next(10, 90000) / 10.0).ToString(CultureInfo.InvariantCulture), Filler);
        yield return Column(file, H("成立日期"), null, 100, () => new DateOnly(2008, 1, 1).AddDays(_random.Next(6000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Filler);
        yield return Column(file, H("所属行业"), null, 100, () => Products[_random.Next(Products.Length)], Filler);
    }

    private IEnumerable<LabelledColumn> Decoys(bool anonymous)
    {
        var file = anonymous ? "decoys/anonymous" : "decoys/chinese";
        var i = 0;
        string H(string header) => anonymous ? $"d{++i:D2}" : header;
        var decoys = new (string Header, Func<string> Value)[]
        {
            ("order_no", () => _s.Number(18)),
            ("流水号", () => "62" + _s.Number(14)),
            ("name", () => Companies[_random.Next(Companies.Length)]),
            ("联系人", () => Departments[_random.Next(Departments.Length)]),
            ("phone_model", () => Models[_random.Next(Models.Length)]),
            ("ip_count", () => _random.Next(0, 500).ToString(CultureInfo.InvariantCulture)),
            ("地址类型", () => _random.Next(2) == 0 ? "家庭" : "单位"),
            ("会员卡号", () => "VIP" + _s.Number(8)),
            ("商品", () => Products[_random.Next(Products.Length)]),
            ("金额", () => (_random.Next(1, 100000) / 100.0).ToString(CultureInfo.InvariantCulture)),
            ("下单日期", () => new DateOnly(2023, 1, 1).AddDays(_random.Next(900)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("所属区县", _s.District),
            ("版本", () => $"{_random.Next(1, 9)}.{_random.Next(10)}.{_random.Next(30)}"),
            ("状态", () => _random.Next(2) == 0 ? "已受理" : "材料齐全，已受理"),
        };
        foreach (var (header, value) in decoys)
        {
            yield return Column(file, H(header), null, 100, value, Filler);
        }
    }

    private LabelledColumn Column(string file, string header, string? entity, int share, Func<string> value, Func<string> other)
    {
        // Personal values at exactly share% of the rows, spread through the column.
        var values = Enumerable.Range(0, Rows).Select(r => (string?)((r * share) % 100 < share ? value() : other())).ToList();
        return new LabelledColumn(file, header, entity, share, values);
    }

    private string Filler() => Fillers[_random.Next(Fillers.Length)];

    private string FormattedMobile()
    {
        var m = _s.Mobile();
        return _random.Next(4) switch
        {
            0 => m,
            1 => $"+86 {m[..3]} {m[3..7]} {m[7..]}",
            2 => $"{m[..3]}-{m[3..7]}-{m[7..]}",
            _ => "0086" + m,
        };
    }

    private string FormattedLandline()
    {
        var l = _s.Landline(); // area-subscriber
        var dash = l.IndexOf('-', StringComparison.Ordinal);
        return _random.Next(3) switch
        {
            0 => l,
            1 => $"({l[..dash]}) {l[(dash + 1)..]}",
            _ => $"+86-{l[1..dash]}-{l[(dash + 1)..]}",
        };
    }

    private string GroupedCard()
    {
        var card = _s.BankCard(16);
        return _random.Next(2) == 0 ? card : $"{card[..4]} {card[4..8]} {card[8..12]} {card[12..]}";
    }

    private string Address() => _random.Next(2) == 0 ? _s.Address() : $"南京市{_s.District()}{Towns[_random.Next(Towns.Length)]}{Estates[_random.Next(Estates.Length)]}{_random.Next(1, 30)}栋{_random.Next(101, 2000)}室";

    private string Hukou() => $"河南省周口市郸城县{Towns[_random.Next(Towns.Length)]}{Estates[_random.Next(Estates.Length)]}";

    private string Plate()
    {
        var p = _s.LicensePlate();
        return _random.Next(2) == 0 ? p : $"{p[..2]}·{p[2..]}";
    }
}
