using System.Globalization;
using System.Text;
using Sandbox.Masking.Detection;

namespace Sandbox.Host.Demo;

/// <summary>
/// A deterministic, Nanjing-like synthetic data set: enterprises and residents with identifiers that pass
/// their check digits but belong to no real person or company (random combinations from a fixed seed).
/// </summary>
public static class SyntheticCity
{
    private static readonly (string Code, string Name)[] Districts =
    [
        ("320102", "玄武区"), ("320104", "秦淮区"), ("320105", "建邺区"), ("320106", "鼓楼区"), ("320111", "浦口区"),
        ("320113", "栖霞区"), ("320114", "雨花台区"), ("320115", "江宁区"), ("320116", "六合区"), ("320117", "溧水区"), ("320118", "高淳区"),
    ];

    // Weighted so that some district × industry cells are small: the export gate has something to refuse.
    private static readonly (string Name, int Weight)[] Industries =
    [
        ("软件和信息技术服务业", 30), ("批发和零售业", 25), ("制造业", 20), ("租赁和商务服务业", 12), ("建筑业", 8), ("金融业", 3), ("采矿业", 2),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "欧阳", "司马"];
    private static readonly string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红金凤宁博文轩宇浩然子涵梓萱一诺";
    private static readonly string[] MobilePrefixes = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "181", "186", "187", "189"];
    private static readonly string[] Words = ["紫金", "钟山", "秦淮", "金陵", "玄武", "石城", "江南", "扬子", "栖霞", "雨花", "白鹭", "莫愁"];
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Writes <c>enterprise_registry.csv</c> and <c>residents.csv</c> into <paramref name="directory"/>.</summary>
    public static (string Enterprises, string Residents) Write(string directory, int enterprises = 2000, int residents = 5000, int seed = 20261127)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var enterprisePath = Path.Combine(directory, "enterprise_registry.csv");
        var residentPath = Path.Combine(directory, "residents.csv");

        using (var w = new StreamWriter(enterprisePath, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine("uscc,name,district,industry,registered_capital,established,legal_rep_name,legal_rep_id,legal_rep_mobile");
            for (var i = 0; i < enterprises; i++)
            {
                var (code, district) = Districts[random.Next(Districts.Length)];
                var industry = Weighted(random);
                var capital = Math.Round(Math.Exp(random.NextDouble() * 6 + 3), 1); // 20 … 8,000 (10k CNY)
                var established = new DateOnly(1995, 1, 1).AddDays(random.Next(0, 11000));
                var name = $"南京{Words[random.Next(Words.Length)]}{Words[random.Next(Words.Length)]}{ShortIndustry(industry)}有限公司";
                w.WriteLine(string.Join(',', Uscc(random, code), name, district, industry,
                    capital.ToString(CultureInfo.InvariantCulture), established.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    PersonName(random), ResidentId(random, code), Mobile(random)));
            }
        }

        using (var w = new StreamWriter(residentPath, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            w.WriteLine("resident_id,name,mobile,district,birth_date,gender");
            for (var i = 0; i < residents; i++)
            {
                var (code, district) = Districts[random.Next(Districts.Length)];
                var id = ResidentId(random, code);
                var birth = DateOnly.ParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
                // GB 11643: the 17th digit is odd for men, even for women.
                var gender = (id[16] - '0') % 2 == 1 ? "男" : "女";
                w.WriteLine(string.Join(',', id, PersonName(random), Mobile(random), district,
                    birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), gender));
            }
        }
        return (enterprisePath, residentPath);
    }

    /// <summary>A resident ID of region <paramref name="region"/> with a valid GB 11643 check character.</summary>
    public static string ResidentId(Random random, string region)
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000));
        var first17 = $"{region}{birth:yyyyMMdd}{random.Next(0, 1000):000}";
        return first17 + CheckDigits.ResidentId(first17);
    }

    /// <summary>A mobile number with a real carrier prefix and random subscriber digits.</summary>
    public static string Mobile(Random random) => MobilePrefixes[random.Next(MobilePrefixes.Length)] + random.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);

    /// <summary>A unified social credit code (enterprise, region <paramref name="region"/>) with a valid GB 32100 check character.</summary>
    public static string Uscc(Random random, string region)
    {
        var builder = new StringBuilder("91").Append(region);
        for (var i = 0; i < 9; i++) builder.Append(UsccAlphabet[random.Next(UsccAlphabet.Length)]);
        var first17 = builder.ToString();
        return first17 + CheckDigits.Uscc(first17);
    }

    private static string PersonName(Random random)
    {
        var given = random.Next(2) == 0 ? 1 : 2;
        var builder = new StringBuilder(Surnames[random.Next(Surnames.Length)]);
        for (var i = 0; i < given; i++) builder.Append(GivenChars[random.Next(GivenChars.Length)]);
        return builder.ToString();
    }

    private static string Weighted(Random random)
    {
        var total = Industries.Sum(i => i.Weight);
        var pick = random.Next(total);
        foreach (var (name, weight) in Industries)
        {
            if (pick < weight) return name;
            pick -= weight;
        }
        return Industries[^1].Name;
    }

    private static string ShortIndustry(string industry) => industry switch
    {
        "软件和信息技术服务业" => "科技",
        "批发和零售业" => "商贸",
        "制造业" => "制造",
        "租赁和商务服务业" => "商务",
        "建筑业" => "建设",
        "金融业" => "投资",
        _ => "矿业",
    };
}
