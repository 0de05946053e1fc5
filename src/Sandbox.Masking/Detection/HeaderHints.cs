namespace Sandbox.Masking.Detection;

/// <summary>
/// The entity a column header suggests, from Chinese, pinyin-initial and English names
/// (身份证号, sfzh, id_no → cn_resident_id). A hint is evidence, not a verdict: <see cref="ColumnClassifier"/>
/// weighs it against the content.
/// </summary>
internal static class HeaderHints
{
    // When a header names several things (法定代表人身份证号, 联系人电话), the most specific identifier wins.
    private static readonly string[] Priority =
    [
        Entities.ResidentId, Entities.BankCard, Entities.Passport, Entities.Uscc, Entities.Landline, Entities.Mobile,
        Entities.Email, Entities.IpAddress, Entities.LicensePlate, Entities.DateOfBirth, Entities.Address, Entities.PersonName,
    ];

    // Chinese fragments are matched as substrings: Chinese headers have no word separators.
    private static readonly (string Fragment, string Entity)[] ChineseFragments =
    [
        ("身份证", Entities.ResidentId), ("公民身份号码", Entities.ResidentId), ("身份号码", Entities.ResidentId),
        ("证件号", Entities.ResidentId),
        ("银行卡", Entities.BankCard), ("银行账号", Entities.BankCard), ("银行账户", Entities.BankCard), ("卡号", Entities.BankCard),
        ("信用代码", Entities.Uscc),
        ("固定电话", Entities.Landline), ("座机", Entities.Landline), ("固话", Entities.Landline), ("办公电话", Entities.Landline),
        ("手机", Entities.Mobile), ("移动电话", Entities.Mobile), ("电话", Entities.Mobile), ("联系方式", Entities.Mobile),
        ("邮箱", Entities.Email), ("电子邮件", Entities.Email), ("邮件地址", Entities.Email),
        ("ip地址", Entities.IpAddress),
        ("姓名", Entities.PersonName), ("法定代表人", Entities.PersonName), ("法人代表", Entities.PersonName),
        ("联系人", Entities.PersonName), ("负责人", Entities.PersonName),
        ("护照", Entities.Passport), ("通行证", Entities.Passport), ("回乡证", Entities.Passport), ("台胞证", Entities.Passport),
        ("车牌", Entities.LicensePlate), ("号牌", Entities.LicensePlate),
        ("出生日期", Entities.DateOfBirth), ("出生年月", Entities.DateOfBirth), ("生日", Entities.DateOfBirth),
        ("地址", Entities.Address), ("住址", Entities.Address), ("住所", Entities.Address), ("居住地", Entities.Address),
        ("户籍地", Entities.Address),
    ];

    // ASCII words (pinyin initials and English), matched against any run of the header's tokens:
    // "legal_rep_id_no" contains the run "idno", "contactPhone" the run "phone".
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["sfz"] = Entities.ResidentId,
        ["sfzh"] = Entities.ResidentId,
        ["sfzhm"] = Entities.ResidentId,
        ["gmsfhm"] = Entities.ResidentId,
        ["zjhm"] = Entities.ResidentId,
        ["shenfenzheng"] = Entities.ResidentId,
        ["idno"] = Entities.ResidentId,
        ["idnum"] = Entities.ResidentId,
        ["idnumber"] = Entities.ResidentId,
        ["idcard"] = Entities.ResidentId,
        ["idcardno"] = Entities.ResidentId,
        ["idcardnumber"] = Entities.ResidentId,
        ["residentid"] = Entities.ResidentId,
        ["citizenid"] = Entities.ResidentId,
        ["bankcard"] = Entities.BankCard,
        ["bankcardno"] = Entities.BankCard,
        ["cardno"] = Entities.BankCard,
        ["cardnumber"] = Entities.BankCard,
        ["bankaccount"] = Entities.BankCard,
        ["yhkh"] = Entities.BankCard,
        ["yhzh"] = Entities.BankCard,
        ["uscc"] = Entities.Uscc,
        ["tyshxydm"] = Entities.Uscc,
        ["shxydm"] = Entities.Uscc,
        ["xydm"] = Entities.Uscc,
        ["tyxydm"] = Entities.Uscc,
        ["creditcode"] = Entities.Uscc,
        ["socialcreditcode"] = Entities.Uscc,
        ["landline"] = Entities.Landline,
        ["gddh"] = Entities.Landline,
        ["zjdh"] = Entities.Landline,
        ["fixedphone"] = Entities.Landline,
        ["officephone"] = Entities.Landline,
        ["sjhm"] = Entities.Mobile,
        ["sjh"] = Entities.Mobile,
        ["lxdh"] = Entities.Mobile,
        ["shouji"] = Entities.Mobile,
        ["mobile"] = Entities.Mobile,
        ["phone"] = Entities.Mobile,
        ["tel"] = Entities.Mobile,
        ["telephone"] = Entities.Mobile,
        ["cellphone"] = Entities.Mobile,
        ["msisdn"] = Entities.Mobile,
        ["email"] = Entities.Email,
        ["emailaddress"] = Entities.Email,
        ["mailbox"] = Entities.Email,
        ["dzyx"] = Entities.Email,
        ["ip"] = Entities.IpAddress,
        ["ipaddr"] = Entities.IpAddress,
        ["ipaddress"] = Entities.IpAddress,
        ["ipv4"] = Entities.IpAddress,
        ["ipv6"] = Entities.IpAddress,
        ["personname"] = Entities.PersonName,
        ["fullname"] = Entities.PersonName,
        ["realname"] = Entities.PersonName,
        ["xingming"] = Entities.PersonName,
        ["contactname"] = Entities.PersonName,
        ["customername"] = Entities.PersonName,
        ["legalrep"] = Entities.PersonName,
        ["legalrepresentative"] = Entities.PersonName,
        ["fddbr"] = Entities.PersonName,
        ["passport"] = Entities.Passport,
        ["passportno"] = Entities.Passport,
        ["passportnumber"] = Entities.Passport,
        ["hzhm"] = Entities.Passport,
        ["txzhm"] = Entities.Passport,
        ["licenseplate"] = Entities.LicensePlate,
        ["licenceplate"] = Entities.LicensePlate,
        ["plateno"] = Entities.LicensePlate,
        ["platenumber"] = Entities.LicensePlate,
        ["cph"] = Entities.LicensePlate,
        ["cphm"] = Entities.LicensePlate,
        ["dob"] = Entities.DateOfBirth,
        ["birthday"] = Entities.DateOfBirth,
        ["birthdate"] = Entities.DateOfBirth,
        ["dateofbirth"] = Entities.DateOfBirth,
        ["csrq"] = Entities.DateOfBirth,
        ["csny"] = Entities.DateOfBirth,
        ["address"] = Entities.Address,
        ["addr"] = Entities.Address,
        ["homeaddress"] = Entities.Address,
        ["jzdz"] = Entities.Address,
        ["hjdz"] = Entities.Address,
        ["zsdz"] = Entities.Address,
    };

    // Words that hint only as the whole header: "company_name" is not a person, "xm" inside a code is not 姓名.
    private static readonly Dictionary<string, string> WholeHeaderWords = new(StringComparer.Ordinal)
    {
        ["name"] = Entities.PersonName,
        ["xm"] = Entities.PersonName,
        ["lxr"] = Entities.PersonName,
        ["fzr"] = Entities.PersonName,
        ["dz"] = Entities.Address,
        ["zz"] = Entities.Address,
        ["plate"] = Entities.LicensePlate,
    };

    // A header that counts, types or models a thing does not hold the thing: ip_count, phone_model, 地址类型, 会员卡号.
    private static readonly string[] ChineseQualifiers = ["类型", "类别", "型号", "数量", "次数", "个数", "状态", "是否", "会员卡", "归属地"];

    private static readonly HashSet<string> Qualifiers = new(StringComparer.Ordinal)
    {
        "count", "cnt", "model", "type", "kind", "status", "flag", "brand", "total", "length", "len", "version",
    };

    private static readonly char[] Digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

    /// <summary>The entity <paramref name="header"/> suggests, or null.</summary>
    public static string? EntityFor(string header)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var lower = header.Trim().ToLowerInvariant();
        var tokens = Tokens(header);
        if (Array.Exists(ChineseQualifiers, q => lower.Contains(q, StringComparison.Ordinal)) || tokens.Exists(Qualifiers.Contains))
        {
            return null;
        }

        foreach (var (fragment, entity) in ChineseFragments)
        {
            if (lower.Contains(fragment, StringComparison.Ordinal))
            {
                found.Add(entity);
            }
        }

        if (WholeHeaderWords.TryGetValue(string.Concat(tokens), out var whole))
        {
            found.Add(whole);
        }

        for (var start = 0; start < tokens.Count; start++)
        {
            var run = "";
            for (var end = start; end < tokens.Count; end++)
            {
                run += tokens[end];
                if (Words.TryGetValue(run, out var entity))
                {
                    found.Add(entity);
                }
            }
        }

        return Array.Find(Priority, found.Contains);
    }

    // Lower-case ASCII tokens split at separators and camelCase humps; trailing digits dropped (phone2 → phone).
    private static List<string> Tokens(string header)
    {
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i <= header.Length; i++)
        {
            var c = i < header.Length ? header[i] : ' ';
            var boundary = !char.IsAsciiLetterOrDigit(c)
                || (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(header[i - 1]));
            if (boundary && start >= 0)
            {
                var token = header[start..i].ToLowerInvariant();
                var trimmed = token.TrimEnd(Digits);
                // "ipv4"/"ipv6" keep their digit: it is part of the word, not a column counter.
                tokens.Add(trimmed.Length == 0 || trimmed == "ipv" ? token : trimmed);
                start = -1;
            }

            if (char.IsAsciiLetterOrDigit(c) && start < 0)
            {
                start = i;
            }
        }

        return tokens;
    }
}
