using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sandbox.Masking.Detection;
using Sandbox.Masking.Techniques;

namespace Sandbox.Host.Dummy;

/// <summary>
/// Draws one column's dummy values from its <see cref="ColumnProfile"/> with a seeded generator, as the text DuckDB
/// casts to the column's type. Masked and tokenized values are made in the column's format from invented values
/// (random digits, surnames from a fixed list), never copied from the grant's data.
/// </summary>
internal sealed class DummyValues(ColumnProfile profile, Random random, Func<string, int, string> token, int tokenPool)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] MobilePrefixes = ["133", "135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "177", "180", "181", "186", "187", "189"];
    private static readonly string[] Regions = ["320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115", "320116", "320117", "320118"];
    private const string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉兰萍";
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private double[]? _cumulative;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>The value of row <paramref name="row"/> as text, or null.</summary>
    public string? Next(long row)
    {
        if (profile.NullShare > 0 && random.NextDouble() < profile.NullShare) return null;
        return profile.Kind switch
        {
            ColumnProfile.KindCategories => Category(),
            ColumnProfile.KindRange => Range(),
            // The subject gets a token of its own per row; other tokenized columns draw from the same pool, so a join
            // of two tables on tokens of one kind (a legal representative and a resident) matches some rows.
            ColumnProfile.KindToken => token(profile.Entity ?? profile.Name, profile.IsSubject ? (int)row : random.Next(tokenPool)),
            ColumnProfile.KindMasked => Distinct(() => Masked(Invented(profile.Entity))),
            ColumnProfile.KindText => profile.IsSubject || profile.Entity is not null
                ? Distinct(() => Invented(profile.Entity) ?? Text(row))
                : Text(row),
            _ => null,
        };
    }

    /// <summary>Keyed by <paramref name="seed"/>: the pool of tokens of one kind, shaped as the masking engine shapes them (<c>tk_</c> + 20 base32).</summary>
    public static string Token(int seed, string kind, int index)
    {
        var mac = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dummy-token\n{seed}\n{kind}\n{index}")));
        const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
        var builder = new StringBuilder(KeyedTokenizer.Prefix);
        ulong bits = 0;
        var held = 0;
        var at = 0;
        while (builder.Length < KeyedTokenizer.TokenLength)
        {
            if (held < 5)
            {
                bits = (bits << 8) | mac[at++];
                held += 8;
            }
            builder.Append(Base32[(int)((bits >> (held - 5)) & 31)]);
            held -= 5;
        }
        return builder.ToString();
    }

    // The subject column and identifiers repeat no value (a few tries; a collision of invented values is rare).
    private string Distinct(Func<string?> make)
    {
        var value = make() ?? string.Empty;
        for (var i = 0; i < 20 && profile.IsSubject && !_used.Add(value); i++) value = make() ?? string.Empty;
        return value;
    }

    private string Category()
    {
        var categories = profile.Categories;
        if (_cumulative is null)
        {
            _cumulative = new double[categories.Count];
            var sum = 0.0;
            for (var i = 0; i < categories.Count; i++) _cumulative[i] = sum += categories[i].Share;
        }
        var pick = random.NextDouble() * _cumulative[^1];
        var at = Array.BinarySearch(_cumulative, pick);
        return categories[Math.Min(at < 0 ? ~at : at, categories.Count - 1)].Value;
    }

    // Uniform within a segment between two adjacent quantiles, the segment chosen by the probability it holds.
    private string Range()
    {
        var q = profile.Quantiles;
        var pick = q[0].P + random.NextDouble() * (q[^1].P - q[0].P);
        var i = 0;
        while (i < q.Count - 2 && pick > q[i + 1].P) i++;
        var value = q[i].Value + random.NextDouble() * (q[i + 1].Value - q[i].Value);
        if (profile.IsTemporal)
        {
            var day = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)Math.Floor(value));
            return profile.Type.StartsWith("TIMESTAMP", StringComparison.Ordinal)
                ? day.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(random.Next(86400)))).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
                : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        // Whole numbers for integer columns; otherwise the full precision of a random draw, which no recorded
        // (rounded) real number equals but by a chance of about one in 10^15.
        return profile.IsInteger
            ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture)
            : DummyTableWriter.Number(value);
    }

    // An invented value of the entity's shape (check characters valid, so it looks right to detectors), or null.
    private string? Invented(string? entity) => entity switch
    {
        Entities.Mobile => MobilePrefixes[random.Next(MobilePrefixes.Length)] + Digits(8),
        Entities.Landline => "025-" + Digits(8),
        Entities.ResidentId => ResidentId(),
        Entities.Uscc => Uscc(),
        Entities.PersonName => Surnames[random.Next(Surnames.Length)] + string.Concat(Enumerable.Range(0, 1 + random.Next(2)).Select(_ => GivenChars[random.Next(GivenChars.Length)])),
        Entities.Email => $"user{Digits(6)}@example.com",
        Entities.BankCard => BankCard(),
        Entities.DateOfBirth => new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Entities.Address => $"江苏省南京市示例区样例路{random.Next(1, 999)}号",
        Entities.LicensePlate => "苏A" + Digits(5),
        Entities.IpAddress => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
        null => null,
        _ => Digits(11),
    };

    // The column's own masking rule, applied to an invented value: 139****6493, 张*, 3****…
    private string Masked(string? invented)
    {
        var source = invented ?? Digits(11);
        var rule = profile.Rule;
        var destination = new char[source.Length];
        PartialMask.KeepFirstLast(source, destination, rule.First, rule.Last, rule.MaskChar);
        return new string(destination);
    }

    private string Text(long row) => string.Create(CultureInfo.InvariantCulture, $"dummy-{profile.Name}-{row + 1:D6}");

    private string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++) chars[i] = (char)('0' + random.Next(10));
        return new string(chars);
    }

    private string ResidentId()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20000));
        var first17 = Regions[random.Next(Regions.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Digits(3);
        return first17 + CheckDigits.ResidentId(first17);
    }

    private string Uscc()
    {
        var builder = new StringBuilder("91").Append(Regions[random.Next(Regions.Length)]);
        for (var i = 0; i < 9; i++) builder.Append(UsccAlphabet[random.Next(UsccAlphabet.Length)]);
        var first17 = builder.ToString();
        return first17 + CheckDigits.Uscc(first17);
    }

    private string BankCard()
    {
        var payload = "622202" + Digits(9);
        return payload + CheckDigits.Luhn(payload);
    }
}
