using System.Text.Json;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// One representative refusal of each family — export review, the grant lifecycle, a job that has ended, data
/// requests, data-quality reports, an export of a missing output, a container job's admission, the export gate's
/// check details and bundle verification — through the real <c>sandbox</c> process in English and in Chinese: the
/// same exit code and the same <c>--json</c> error code, the words Chinese, the English exactly as before.
/// </summary>
public sealed class LocalizedRefusalTests : IClassFixture<LocalizedRefusalTests.City>
{
    private readonly City _city;

    public LocalizedRefusalTests(City city) => _city = city;

    public static TheoryData<string, string[], int, string, string, string> Refusals => new()
    {
        {
            "review rule", ["--as", "expert-reviewer", "export", "review", "{export}", "--stage", "comprehensive", "--approve", "--note", "fine"], 1, "refused",
            "refused: review refused: The comprehensive review needs an export that is technically approved, but this one is checked.",
            "已拒绝：拒绝审查：综合审查只针对已通过技术审查的导出，而该导出已检查。"
        },
        {
            "review role", ["--as", "gov-reviewer", "export", "review", "{export}", "--stage", "comprehensive", "--approve", "--note", "fine"], 1, "refused",
            "refused: review refused: The comprehensive review needs the expert or bureau role, which gov-reviewer does not have.",
            "已拒绝：拒绝审查：综合审查需要 expert 或 bureau 角色，而 gov-reviewer 没有。"
        },
        {
            "release", ["--as", "zijin-analyst", "export", "release", "{export}"], 1, "refused",
            "refused: release refused: Only an approved export can be released; this one is checked.",
            "已拒绝：拒绝发布：只有已批准的导出才能发布；该导出已检查。"
        },
        {
            "grant lifecycle", ["--as", "bureau-officer", "grant", "resume", "nj-credit-2026"], 1, "refused",
            "refused: grant nj-credit-2026 is active: it can be resumed only when suspended",
            "已拒绝：授权 nj-credit-2026 处于“生效”状态：只有处于“暂停”状态时才能恢复"
        },
        {
            "grant not found", ["--as", "bureau-officer", "grant", "publicize", "nj-nope"], 2, "not-found",
            "error: ID: no grant 'nj-nope'",
            "错误：ID：没有授权“nj-nope”"
        },
        {
            "job ended", ["--as", "zijin-analyst", "job", "cancel", "{job}"], 1, "refused",
            "refused: job {job} has ended already (succeeded)",
            "已拒绝：作业 {job} 已经结束（succeeded）"
        },
        {
            "data request", ["--as", "zijin-analyst", "request", "file", "--grant", "nj-credit-2026", "--dataset", "enterprise_registry", "--columns", "district", "--justification", "needed"], 2, "bad-input",
            "error: --columns: enterprise_registry.district is granted already",
            "错误：--columns：enterprise_registry.district 已经授予"
        },
        {
            "quality report", ["--as", "bureau-officer", "quality", "resolve", "dq-9999", "--note", "fixed"], 2, "bad-input",
            "error: ID: no data-quality report 'dq-9999'",
            "错误：ID：没有数据质量报告“dq-9999”"
        },
        {
            "export output", ["--as", "zijin-analyst", "export", "request", "{job}", "nothing"], 2, "bad-input",
            "error: OUTPUT: job {job} has no output 'nothing' (outputs: by_district)",
            "错误：OUTPUT：作业 {job} 没有输出“nothing”（输出：by_district）"
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusal_InChinese_SameExitCodeAndJsonCode(string family, string[] args, int code, string jsonCode, string english, string chinese)
    {
        args = [.. args.Select(_city.Fill), "--home", _city.Home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.True(en.Code == code, $"{family}: exit {en.Code}: {en.Err}");
        Assert.Equal(code, zh.Code);
        Assert.Equal((_city.Fill(english) + "\n", ""), (en.Err, en.Out));
        Assert.Equal((_city.Fill(chinese) + "\n", ""), (zh.Err, zh.Out));

        var enJson = await SandboxProcess.RunAsync([.. args, "--json"]);
        var zhJson = await SandboxProcess.RunAsync([.. args, "--json", "--lang", "zh-CN"]);
        Assert.Equal(code, enJson.Code);
        Assert.Equal(code, zhJson.Code);
        using var a = JsonDocument.Parse(enJson.Err);
        using var b = JsonDocument.Parse(zhJson.Err);
        Assert.Equal(jsonCode, a.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(jsonCode, b.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(english[(english.IndexOf(": ", StringComparison.Ordinal) + 2)..], _city.Unfill(a.RootElement.GetProperty("error").GetProperty("message").GetString()!));
    }

    [Fact]
    public async Task ContainerAdmission_UnapprovedImage_ChineseReasonSameExitCode()
    {
        var job = Path.Combine(_city.Home.Root, "jobs", "container.yaml");
        File.WriteAllLines(job, ["grant: nj-credit-2026", "kind: container", "image: nope/image", "command: [python3, main.py]", "limits: { timeout: 30s }"]);
        string[] args = ["--as", "zijin-analyst", "job", "check", job, "--home", _city.Home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.Equal((1, 1), (en.Code, zh.Code));
        Assert.Contains("  image: 'nope/image' is not on the approved list (policies/images.yaml: ", en.Out, StringComparison.Ordinal);
        Assert.Contains("  image：“nope/image”不在批准清单上（policies/images.yaml：", zh.Out, StringComparison.Ordinal);
        Assert.StartsWith("不予准入：\n", zh.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportShow_CheckDetails_ChineseInTextEnglishInJson()
    {
        string[] args = ["--as", "zijin-analyst", "export", "show", _city.Export, "--home", _city.Home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.Equal((0, 0), (en.Code, zh.Code));
        Assert.Contains("  threshold    pass    every aggregate cell rests on at least 10 distinct subjects (enterprise_registry.uscc)\n", en.Out, StringComparison.Ordinal);
        Assert.Contains("  threshold    pass    每个汇总单元格都基于至少 10 个不同主体（enterprise_registry.uscc）\n", zh.Out, StringComparison.Ordinal);
        Assert.Contains("  zeros        pass    没有为零的单元格\n", zh.Out, StringComparison.Ordinal);
        Assert.Matches(@"  file         pass    csv 文件，\d+ 字节、\d+ 行，在限制之内\n", zh.Out);
        // Every check line of the text is Chinese; the JSON keeps the stored English.
        Assert.All(zh.Out.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("   ", StringComparison.Ordinal)),
            line => Assert.Matches(@"[\u4e00-\u9fff]", line));
        var json = await SandboxProcess.RunAsync([.. args, "--json", "--lang", "zh-CN"]);
        Assert.Contains("every aggregate cell rests on at least 10 distinct subjects", json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCheck_FailingCells_ChineseListAndFigures()
    {
        var file = Path.Combine(_city.Home.Root, "phones.csv");
        File.WriteAllLines(file, ["district,contact", "玄武区,13912345678", "秦淮区,0"]);
        string[] args = ["export", "check", file, "--home", _city.Home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.Equal((1, 1), (en.Code, zh.Code));
        Assert.Contains("  pii          fail    1 cell holds personal data: row 1, column contact (cn_mobile)\n", en.Out, StringComparison.Ordinal);
        Assert.Contains("  pii          fail    1 个单元格含个人信息：第 1 行 contact 列（cn_mobile）\n", zh.Out, StringComparison.Ordinal);
        Assert.Contains("      row 1, column contact [1 subjects]\n", en.Out, StringComparison.Ordinal);
        Assert.Contains("      第 1 行 contact 列 [1 个主体]\n", zh.Out, StringComparison.Ordinal);
        Assert.Contains("  zeros        review  1 个单元格为零，可能泄露没有任何主体具有某一特征：第 2 行 contact 列\n", zh.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportVerify_TamperedBundle_ChineseProblemsSameExitCode()
    {
        var bundle = Path.Combine(_city.Home.Root, "tampered");
        CopyDirectory(_city.Bundle, bundle);
        var file = Directory.EnumerateFiles(bundle, "*.csv").First();
        File.AppendAllText(file, "x");
        string[] args = ["export", "verify", bundle, "--home", _city.Home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.Equal((1, 1), (en.Code, zh.Code));
        var name = Path.GetFileName(file);
        Assert.Contains($"{bundle}: {name}: content differs from the manifest (SHA-256 mismatch)\n", en.Err, StringComparison.Ordinal);
        Assert.Contains($"{bundle}: {name}：内容与清单不符（SHA-256 不一致）\n", zh.Err, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(name)}：有 \d+ 字节，清单记载为 \d+ 字节", zh.Err);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    /// <summary>A city with one finished job, one export awaiting technical review and one released bundle.</summary>
    public sealed class City : IDisposable
    {
        public City()
        {
            Home = new TestHome().WithCity(enterprises: 200, residents: 60);
            var job = Home.Job("nj-credit-2026", "by_district: select district, count(*) as n from enterprise_registry group by district");
            JobId = JsonDocument.Parse(Home.Ok("job", "run", "--wait", job, "--json")).RootElement.GetProperty("id").GetString()!;
            Export = JsonDocument.Parse(Home.Ok("export", "request", JobId, "by_district", "--json")).RootElement.GetProperty("id").GetString()!;
            var released = JsonDocument.Parse(Home.Ok("export", "request", JobId, "by_district", "--json")).RootElement.GetProperty("id").GetString()!;
            Home.Ok("--as", "gov-reviewer", "export", "review", released, "--stage", "technical", "--approve", "--note", "district counts");
            Home.Ok("--as", "expert-reviewer", "export", "review", released, "--stage", "comprehensive", "--approve", "--note", "fit for release");
            Home.Ok("export", "release", released, "--to", Path.Combine(Home.Root, "released"));
            Bundle = Directory.EnumerateDirectories(Path.Combine(Home.Root, "released")).Single();
        }

        public TestHome Home { get; }
        public string JobId { get; }
        public string Export { get; }
        public string Bundle { get; }

        public string Fill(string text) => text.Replace("{export}", Export, StringComparison.Ordinal).Replace("{job}", JobId, StringComparison.Ordinal);

        public string Unfill(string text) => text.Replace(Export, "{export}", StringComparison.Ordinal).Replace(JobId, "{job}", StringComparison.Ordinal);

        public void Dispose() => Home.Dispose();
    }
}
