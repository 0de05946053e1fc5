using System.Text.Json;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Tests.Localization;

/// <summary>
/// Policy refusals and import errors in the reader's language: the decision and the exit code are the same, the
/// stored and --json English is untouched, and the English catalog reads each reason back word for word.
/// </summary>
public sealed class ReasonTextTests
{
    private const string Analyst = "harbor-analyst";

    [Fact]
    public void JobCheck_ColumnRuleRefusal_ChineseWithItsPlaceInTheSqlAndTheAllowedForm()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-logistics-2027", "n: select registered_capital from enterprise_registry", "m: select uscc from enterprise_registry");

        var (enCode, en, _) = home.Run("--as", Analyst, "job", "check", job);
        var (zhCode, zh, _) = home.Run("--as", Analyst, "job", "check", job, "--lang", "zh-CN");
        Assert.Equal(1, enCode);
        Assert.Equal(1, zhCode);
        Assert.Contains("column enterprise_registry.registered_capital is aggregate-only", en);
        const string columnRule = "列 enterprise_registry.registered_capital 为 aggregate-only——只能出现在 COUNT、SUM、AVG、MIN 或 MAX 之内——"
            + "但输出列“registered_capital”直接作为取值使用了它（第 1 行第 8 列：`select registered_capital from enterprise_registry`）；请在聚合函数中使用它，例如 sum(registered_capital)";
        Assert.True(zh.Contains(columnRule, StringComparison.Ordinal), zh);
        Assert.Contains("授权 nj-logistics-2027 已申请，尚未生效", zh);
        Assert.Contains("授权 nj-logistics-2027 自 2027-01-01 起才生效", zh);
        Assert.Contains("只用它来连接，例如 JOIN … ON a.uscc = b.uscc", zh);
        Assert.DoesNotContain(" — but ", zh);

        // --json keeps the policy's English in both languages; read back through the English catalog it is unchanged.
        var reasons = JsonDocument.Parse(home.Run("--as", Analyst, "job", "check", job, "--json", "--lang", "zh-CN").Out).RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(4, reasons.Count);
        foreach (var reason in reasons)
        {
            Assert.Contains(reason, en);
            Assert.Equal(reason, ReasonText.Localize(reason, MessageCatalog.Of(UiLanguage.English)));
            Assert.NotEqual(reason, ReasonText.Localize(reason, MessageCatalog.Of(UiLanguage.Chinese)));
        }
    }

    [Fact]
    public void Localize_UnknownShape_ShownAsWritten()
    {
        const string other = "image: 'x' is not on the approved list";
        Assert.Equal(other, ReasonText.Localize(other, MessageCatalog.Of(UiLanguage.Chinese)));
    }

    [Theory]
    [InlineData("", "错误：{0}：文件为空（0 字节）；未导入任何内容")]
    [InlineData("a,b\n1,2\n3\n", "错误：{0}：第 3 行：应与表头一样有 2 个字段，实际为 1 个；未导入任何内容")]
    [InlineData("a,A\n1,2\n", "错误：{0}：第 1 行：列“a”（第 1 列）与“A”（第 2 列）同名；未导入任何内容")]
    public void Import_BadFile_ChineseLineSameExitCodeAndJsonCode(string content, string expected)
    {
        using var home = new TestHome();
        var file = Path.Combine(home.Root, "bad.csv");
        File.WriteAllText(file, content);
        var (zhCode, _, zh) = home.Run("dataset", "import", file, "--name", "bad", "--lang", "zh-CN");
        var (enCode, _, en) = home.Run("dataset", "import", file, "--name", "bad");
        Assert.Equal(2, zhCode);
        Assert.Equal(2, enCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file) + "\n", zh);
        Assert.StartsWith($"error: {file}: ", en);

        var (_, _, zhJson) = home.Run("dataset", "import", file, "--name", "bad", "--lang", "zh-CN", "--json");
        var (_, _, enJson) = home.Run("dataset", "import", file, "--name", "bad", "--json");
        Assert.Equal("bad-input", JsonDocument.Parse(zhJson).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("bad-input", JsonDocument.Parse(enJson).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
