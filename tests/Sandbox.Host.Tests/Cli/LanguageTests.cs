using System.Text.Json;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// The CLI speaks English or Chinese, chosen by --lang, else LC_ALL/LC_MESSAGES/LANG: through the real process, exit
/// codes and machine-readable output the same in both, only the words differ.
/// </summary>
public sealed class LanguageTests
{
    [Fact]
    public async Task LangOption_ZhCn_HelpAndUsageErrorsInChinese()
    {
        var (code, output, error) = await SandboxProcess.RunAsync(["--lang", "zh-CN", "--help"]);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.StartsWith("说明：\n  沙箱：公共数据授权运营", output);
        Assert.Contains("\n命令：\n", output);

        (code, _, error) = await SandboxProcess.RunAsync(["job", "lst", "--lang=zh-CN"]);
        Assert.Equal(2, code);
        Assert.Equal("sandbox: 无法识别的命令或参数“lst”。——您是想输入 `sandbox job list` 吗？（参见 `sandbox job --help`）\n", error);
    }

    [Theory]
    [InlineData("LANG", "zh_CN.UTF-8")]
    [InlineData("LC_ALL", "zh_CN")]
    [InlineData("LC_MESSAGES", "zh")]
    public async Task Locale_Chinese_SelectsChinese(string variable, string value)
    {
        var (code, output, _) = await SandboxProcess.RunAsync(["job", "--help"], new Dictionary<string, string> { [variable] = value });
        Assert.Equal(0, code);
        Assert.StartsWith("说明：\n  分析作业\n", output);
    }

    [Fact]
    public async Task LangOption_OutranksTheLocale()
    {
        var (_, output, _) = await SandboxProcess.RunAsync(["job", "--help", "--lang", "en"], new Dictionary<string, string> { ["LANG"] = "zh_CN.UTF-8" });
        Assert.StartsWith("Description:\n  Analysis jobs\n", output);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("")]
    [InlineData("zh-TW-x")]
    public async Task LangOption_Unknown_OneLineExit2(string value)
    {
        var (code, output, error) = await SandboxProcess.RunAsync(["--lang", value, "job", "list"]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"sandbox: --lang: unknown language '{value}' (known: en, zh-CN)\n", error);
    }

    [Fact]
    public async Task Refusal_BothLanguages_SameExitCodeAndJsonCode()
    {
        using var home = new TestHome();
        string[] refused = ["--as", TestHome.Analyst, "audit", "verify", "--home", home.Root];

        var en = await SandboxProcess.RunAsync(refused);
        var zh = await SandboxProcess.RunAsync([.. refused, "--lang", "zh-CN"]);
        Assert.Equal((1, ""), (en.Code, en.Out));
        Assert.Equal((1, ""), (zh.Code, zh.Out));
        Assert.Equal("refused: zijin-analyst may not verify the audit log (needs role auditor or governance or bureau or admin)\n", en.Err);
        Assert.Equal("已拒绝：zijin-analyst 无权校验审计日志（需要角色：auditor 或 governance 或 bureau 或 admin）\n", zh.Err);

        var enJson = await SandboxProcess.RunAsync([.. refused, "--json"]);
        var zhJson = await SandboxProcess.RunAsync([.. refused, "--json", "--lang", "zh-CN"]);
        Assert.Equal(1, enJson.Code);
        Assert.Equal(1, zhJson.Code);
        using var a = JsonDocument.Parse(enJson.Err);
        using var b = JsonDocument.Parse(zhJson.Err);
        Assert.Equal("forbidden", a.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("forbidden", b.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("无权校验审计日志", b.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFound_BothLanguages_Exit2AndTheSameJsonCode()
    {
        using var home = new TestHome();
        string[] missing = ["--as", TestHome.Analyst, "job", "show", "job-nope", "--home", home.Root, "--json"];
        var en = await SandboxProcess.RunAsync(missing);
        var zh = await SandboxProcess.RunAsync([.. missing, "--lang", "zh-CN"]);
        Assert.Equal(2, en.Code);
        Assert.Equal(2, zh.Code);
        using var a = JsonDocument.Parse(en.Err);
        using var b = JsonDocument.Parse(zh.Err);
        Assert.Equal("not-found", a.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("not-found", b.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("ID: no job 'job-nope'", a.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("ID：没有作业“job-nope”", b.RootElement.GetProperty("error").GetProperty("message").GetString());
    }
}
