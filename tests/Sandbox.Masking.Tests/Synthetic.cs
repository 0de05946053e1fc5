using System.Globalization;
using Sandbox.Masking.Detection;

namespace Sandbox.Masking.Tests;

/// <summary>
/// Deterministic synthetic identifiers from a seed: structurally valid (region, date, check char) but
/// random, so tests never carry a real person's data. The same seed always yields the same sequence.
/// </summary>
internal sealed class Synthetic(int seed)
{
    private static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ];

    private static readonly string[] AreaCodes = ["010", "021", "022", "025", "027", "0571", "0755", "0898"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "欧阳", "司马", "诸葛"];
    private static readonly string[] GivenChars = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "杰"];

    private static readonly string[] Districts = ["玄武区", "秦淮区", "鼓楼区", "建邺区", "栖霞区", "江宁区", "高淳区"];
    private static readonly string[] Roads = ["中山路", "天元中路", "汉中路", "龙蟠大道", "广州路"];

    private static readonly DateOnly FirstBirthDate = new(1930, 1, 1);
    private static readonly DateOnly LastBirthDate = new(2005, 12, 31);

    private readonly Random _random = new(seed);

    /// <summary>An 18-char resident ID with a valid region, birth date and check char.</summary>
    public string ResidentId()
    {
        var first17 = Region() + BirthDate().ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Digits(3);
        return first17 + CheckDigits.ResidentId(first17);
    }

    /// <summary>A 15-digit legacy resident ID (born in the 1900s).</summary>
    public string LegacyResidentId()
    {
        var date = new DateOnly(_random.Next(1930, 2000), _random.Next(1, 13), _random.Next(1, 29));
        return Region() + date.ToString("yyMMdd", CultureInfo.InvariantCulture) + Digits(3);
    }

    /// <summary>A bare 11-digit mobile number, 1[3-9]xxxxxxxxx.</summary>
    public string Mobile() => "1" + (char)('3' + _random.Next(7)) + Digits(9);

    /// <summary>A unified social credit code with a plausible authority, category, division code and check char.</summary>
    public string Uscc()
    {
        var authority = "159Y"[_random.Next(4)];
        var first17 = $"{authority}{_random.Next(1, 4)}{Region()}{Symbols(9)}";
        return first17 + CheckDigits.Uscc(first17);
    }

    /// <summary>A UnionPay-style card number (62…) of the given length with a Luhn check digit.</summary>
    public string BankCard(int length = 19)
    {
        var payload = "62" + Digits(length - 3);
        return payload + CheckDigits.Luhn(payload);
    }

    /// <summary>A landline number with area code, hyphen and an 8-digit subscriber number.</summary>
    public string Landline() => AreaCodes[_random.Next(AreaCodes.Length)] + "-" + (char)('2' + _random.Next(7)) + Digits(7);

    /// <summary>An address at the reserved example.com domain.</summary>
    public string Email() => $"user{_random.Next(100_000)}@example.com";

    /// <summary>A dotted-quad IPv4 address.</summary>
    public string IPv4() => $"10.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";

    /// <summary>A Chinese name of 2–4 chars (compound surnames included).</summary>
    public string ChineseName() =>
        Surnames[_random.Next(Surnames.Length)] + string.Concat(Enumerable.Range(0, _random.Next(1, 3)).Select(_ => GivenChars[_random.Next(GivenChars.Length)]));

    /// <summary>A passport or permit number: E/G/C/L + 8 digits.</summary>
    public string Passport() => "EGCL"[_random.Next(4)] + Digits(8);

    /// <summary>An ordinary or new-energy plate of a few provinces.</summary>
    public string LicensePlate()
    {
        var head = "苏京沪粤"[_random.Next(4)] + "ABCDE"[_random.Next(5)].ToString();
        return _random.Next(3) switch
        {
            0 => head + Digits(5),
            1 => head + "DF"[_random.Next(2)] + Digits(5),
            _ => head + Digits(4) + "HJK"[_random.Next(3)],
        };
    }

    /// <summary>A district name with its unit (玄武区): a look-alike of names and addresses.</summary>
    public string District() => Districts[_random.Next(Districts.Length)];

    /// <summary>A structured street address in a synthetic district.</summary>
    public string Address() =>
        $"南京市{District()}{Roads[_random.Next(Roads.Length)]}{_random.Next(1, 500)}号" + (_random.Next(2) == 0 ? $"{_random.Next(1, 30)}栋{_random.Next(101, 2000)}室" : "");

    /// <summary>A remark, one in five with a mobile number in it.</summary>
    public string Remark() => _random.Next(5) == 0 ? $"客户来电，联系电话{Mobile()}，请回访" : "材料齐全，已受理";

    /// <summary>A random digit string not starting with 0: the shape of an order or serial number.</summary>
    public string Number(int length) => (char)('1' + _random.Next(9)) + Digits(length - 1);

    /// <summary>A birth date between 1930 and 2005.</summary>
    public DateOnly BirthDate() => FirstBirthDate.AddDays(_random.Next(LastBirthDate.DayNumber - FirstBirthDate.DayNumber + 1));

    private string Region() => Provinces[_random.Next(Provinces.Length)] + _random.Next(1, 30).ToString("D2", CultureInfo.InvariantCulture) + _random.Next(1, 30).ToString("D2", CultureInfo.InvariantCulture);

    private string Digits(int count) => string.Create(count, _random, static (span, random) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('0' + random.Next(10));
        }
    });

    private string Symbols(int count) => string.Create(count, _random, static (span, random) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = CheckDigits.UsccAlphabet[random.Next(CheckDigits.UsccAlphabet.Length)];
        }
    });
}
