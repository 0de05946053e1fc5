namespace Sandbox.Masking.Detection;

/// <summary>
/// Whether a value could be what a header hints, even masked or mistyped: 身份证号 over <c>110105********002X</c>
/// is compatible, 姓名 over a company name, 会员卡号 over <c>VIP0001</c> or ip_count over <c>3</c> is not.
/// </summary>
/// <remarks>A header is overruled only by a sample that contradicts it this way, never by one that merely fails a check digit.</remarks>
internal static class HintShape
{
    private const string OrganizationEndings = "司厂店社院校馆局部处所室";

    /// <summary>True when <paramref name="value"/> (trimmed, non-empty) has a shape <paramref name="hint"/>'s values can have.</summary>
    public static bool Compatible(string hint, ReadOnlySpan<char> value)
    {
        var digits = 0;
        var masks = 0;
        var letters = 0;
        foreach (var c in value)
        {
            digits += char.IsAsciiDigit(c) ? 1 : 0;
            masks += c is '*' or '×' or '#' ? 1 : 0;
            letters += char.IsAsciiLetter(c) ? 1 : 0;
        }

        var symbols = digits + masks;
        return hint switch
        {
            Entities.ResidentId => symbols is 15 or 17 or 18 && letters <= 1,
            Entities.BankCard => symbols is >= 12 and <= 19 && letters == 0,
            Entities.Mobile or Entities.Landline => symbols >= 7 && letters == 0,
            Entities.Uscc => digits + masks + letters == 18,
            Entities.Passport => symbols >= 5 && value.Length is >= 7 and <= 12,
            Entities.Email => value.Contains('@') || masks > 0,
            Entities.IpAddress => (value.Contains('.') || value.Contains(':')) && digits + masks >= 2,
            Entities.LicensePlate => value.Length is >= 6 and <= 10,
            Entities.DateOfBirth => DateText.TryParse(value, out _) || (digits >= 4 && masks > 0),
            Entities.PersonName => IsNameLike(value),
            Entities.Address => value.Length >= 6 || masks > 0,
            _ => true,
        };
    }

    // A name, a masked name (张*) or a foreign name; never an organization or a department.
    private static bool IsNameLike(ReadOnlySpan<char> value)
    {
        if (value.Length > 1 && OrganizationEndings.Contains(value[^1]))
        {
            return false;
        }

        return ChineseNameShape.Matches(value) || value.Contains('*') || (value.Length <= 40 && value.ContainsAnyInRange('A', 'z'));
    }
}
