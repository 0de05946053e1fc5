using System.Text.Json;
using System.Text.RegularExpressions;
using Sandbox.Host.Tests.Backends.Docker;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// The everyday messages that were English only — a job file that is not YAML, the <c>files:</c> rule, the dummy
/// workspace, <c>audit verify</c>'s problems, the demo's narration, <c>grant prepare</c> of a missing grant and the image
/// builder's refusals — through the real <c>sandbox</c> process in English and in Chinese (<c>--lang zh-CN</c> and
/// <c>LANG=zh_CN.UTF-8</c>): the same exit code, the English as written, the Chinese Chinese.
/// </summary>
public sealed partial class LocalizedEverydayTests : IDisposable
{
    private static readonly Dictionary<string, string> ChineseLocale = new() { ["LANG"] = "zh_CN.UTF-8" };

    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    public static TheoryData<string, string, string, int, int, string, string, string> NotYaml => new()
    {
        {
            "binary", "bin", "\u007fELF\u0002\u0001\u0001\u0000\u0000", 1, 1, "yaml",
            "not a text file (a control character here); expected YAML text",
            "不是文本文件（此处有控制字符）；应为 YAML 文本"
        },
        {
            "csv", "csv", "district,count\n玄武区,12\n秦淮区,9\n", 1, 1, "document",
            "expected a mapping of `key: value` lines, found plain text",
            "应为由 `key: value` 行组成的映射，实际为普通文本"
        },
        {
            "unclosed list", "yaml", "grant: nj-credit-2026\nkind: sql\nqueries:\n  n: [select 1\n", 5, 1, "yaml",
            "invalid YAML: expected ',' or ']' in the list opened with '['",
            "无效的 YAML：用“[”开始的列表中应为“,”或“]”"
        },
        {
            "misindented key", "yaml", "grant: nj-credit-2026\n  kind: sql\n", 2, 7, "yaml",
            "invalid YAML: a ': ' here starts a mapping where a value was expected (quote the value, or indent a nested mapping on its own line)",
            "无效的 YAML：此处的“: ”在应为值的位置开始了一个映射（请给值加引号，或将嵌套映射另起一行并缩进）"
        },
    };

    [Theory]
    [MemberData(nameof(NotYaml))]
    public async Task JobRunAndCheck_NotAYamlJobFile_OneLineWithLineColumnAndWhatWasExpected(string kind, string extension, string content, int line, int column, string field, string english, string chinese)
    {
        var file = Path.Combine(_home.Root, $"job-{kind.Replace(' ', '-')}.{extension}");
        await File.WriteAllTextAsync(file, content);
        foreach (var command in new[] { "run", "check" })
        {
            string[] args = ["--as", "zijin-analyst", "job", command, file, "--home", _home.Root];
            var en = await SandboxProcess.RunAsync(args);
            var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
            var lang = await SandboxProcess.RunAsync(args, ChineseLocale);
            Assert.Equal((2, 2, 2), (en.Code, zh.Code, lang.Code));
            Assert.Equal(($"error: {file}:{line}:{column}: {field}: {english}\n", ""), (en.Err, en.Out));
            Assert.Equal(($"错误：{file}:{line}:{column}: {field}: {chinese}\n", ""), (zh.Err, zh.Out));
            Assert.Equal(zh.Err, lang.Err);
            Assert.DoesNotContain("While ", en.Err + zh.Err, StringComparison.Ordinal);

            foreach (var (json, text) in new[] { (await SandboxProcess.RunAsync([.. args, "--json"]), english), (await SandboxProcess.RunAsync([.. args, "--json"], ChineseLocale), chinese) })
            {
                Assert.Equal(2, json.Code);
                var error = JsonDocument.Parse(json.Err).RootElement.GetProperty("error");
                Assert.Equal("bad-input", error.GetProperty("code").GetString());
                Assert.Equal(file, error.GetProperty("file").GetString());
                Assert.Equal(line, error.GetProperty("line").GetInt32());
                Assert.Equal(column, error.GetProperty("column").GetInt32());
                Assert.Equal(field, error.GetProperty("field").GetString());
                Assert.EndsWith(text, error.GetProperty("message").GetString()!, StringComparison.Ordinal);
            }
        }
        // A data file passed by mistake: none of its values reaches the terminal.
        Assert.DoesNotContain("玄武区", (await SandboxProcess.RunAsync(["job", "check", file, "--home", _home.Root])).Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobCheck_FilesClimbingOutOfItsFolder_TheRuleInChinese()
    {
        var file = Path.Combine(_home.Root, "container.yaml");
        await File.WriteAllLinesAsync(file, ["grant: nj-credit-2026", "kind: container", "image: sandbox/python", "command: [python3, main.py]", "files: ../elsewhere"]);
        string[] args = ["--as", "zijin-analyst", "job", "check", file, "--home", _home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync(args, ChineseLocale);
        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal($"error: {file}:5: files: '../elsewhere' contains '..'; name a folder inside the job file's own folder (e.g. ./code)\n", en.Err);
        Assert.Equal($"错误：{file}:5: files: “../elsewhere”含有“..”；请指定作业文件所在文件夹内的文件夹（例如 ./code）\n", zh.Err);
    }

    [Fact]
    public async Task JobRunDummy_ABrokenWorkspace_NamesTheManifestInBothLanguages()
    {
        var job = _home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        var empty = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sandbox-dummy-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var broken = Directory.CreateDirectory(empty + "-broken").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(empty, "dummy.json"), "null");
            await File.WriteAllTextAsync(Path.Combine(broken, "dummy.json"), """{"grant": "nj-credit-2026", "tables": [{"name": "../keys"}]""");
            string[] args = ["--as", "zijin-analyst", "job", "run", "--dummy", empty, job, "--home", _home.Root];
            var en = await SandboxProcess.RunAsync(args);
            var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
            Assert.Equal((2, 2), (en.Code, zh.Code));
            Assert.Equal($"error: {Path.Combine(empty, "dummy.json")}: empty\n", en.Err);
            Assert.Equal($"错误：{Path.Combine(empty, "dummy.json")}：为空\n", zh.Err);

            args[5] = broken;
            en = await SandboxProcess.RunAsync(args);
            zh = await SandboxProcess.RunAsync(args, ChineseLocale);
            Assert.Equal((2, 2), (en.Code, zh.Code));
            Assert.StartsWith($"error: {Path.Combine(broken, "dummy.json")}:1: ", en.Err, StringComparison.Ordinal);
            Assert.Contains("not a dummy manifest (", en.Err, StringComparison.Ordinal);
            Assert.StartsWith($"错误：{Path.Combine(broken, "dummy.json")}:1：", zh.Err, StringComparison.Ordinal);
            Assert.Contains("不是模拟数据清单（", zh.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
            Directory.Delete(broken, recursive: true);
        }
    }

    [Fact]
    public async Task AuditVerify_AnEditedEntryAndAMissingHead_EachProblemInChinese()
    {
        _home.Sql("UPDATE audit SET actor = 'someone-else' WHERE seq = 2");
        var head = Path.Combine(_home.Root, "audit.head");
        File.Delete(head);
        string[] args = ["--as", "city-auditor", "audit", "verify", "--home", _home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        var lang = await SandboxProcess.RunAsync(args, ChineseLocale);
        Assert.Equal((1, 1, 1), (en.Code, zh.Code, lang.Code));
        Assert.Contains("audit: entry 2: content does not match its hash (edited)\n", en.Err, StringComparison.Ordinal);
        Assert.Contains($"audit: {head}: signed head missing\n", en.Err, StringComparison.Ordinal);
        Assert.Contains("审计：第 2 条：内容与其哈希不符（已被修改）\n", zh.Err, StringComparison.Ordinal);
        Assert.Contains($"审计：{head}：签名头缺失\n", zh.Err, StringComparison.Ordinal);
        Assert.Equal(zh.Err, lang.Err);
        Assert.All(zh.Err.TrimEnd('\n').Split('\n'), l => Assert.DoesNotMatch("[a-z]{3,} [a-z]{3,} [a-z]{3,}", l));
        // The JSON keeps the English sentences.
        var json = await SandboxProcess.RunAsync([.. args, "--json", "--lang", "zh-CN"]);
        Assert.Contains("entry 2: content does not match its hash (edited)", json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrantPrepare_NoSuchGrant_NotFoundInBothLanguages()
    {
        string[] args = ["--as", "bureau-officer", "grant", "prepare", "nj-nope", "--home", _home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync(args, ChineseLocale);
        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal("error: ID: no grant 'nj-nope'\n", en.Err);
        Assert.Equal("错误：ID：没有授权“nj-nope”\n", zh.Err);
    }

    [Fact]
    public async Task Demo_InChinese_NarratesInChinese()
    {
        var roots = new[] { _home.Root + "-demo-en", _home.Root + "-demo-zh" };
        try
        {
            var en = await SandboxProcess.RunAsync(["demo", "--home", roots[0]]);
            var zh = await SandboxProcess.RunAsync(["demo", "--home", roots[1]], ChineseLocale);
            Assert.True(en.Code == 0, en.Out + en.Err);
            Assert.True(zh.Code == 0, zh.Out + zh.Err);
            Assert.StartsWith($"Sandbox demo — home {roots[0]}\nSynthetic Nanjing-like data", en.Out, StringComparison.Ordinal);
            Assert.StartsWith($"沙箱演示 — 主目录 {roots[1]}\n仿南京的合成数据", zh.Out, StringComparison.Ordinal);
            var steps = StepLine().Matches(zh.Out).Select(m => m.Value).ToList();
            Assert.Equal(12, steps.Count);
            Assert.Equal(12, StepLine().Matches(en.Out).Count);
            Assert.All(steps, s => Assert.Matches(@"[\u4e00-\u9fff]", s));
            Assert.Contains("── 1．创建主目录：控制存储、签名密钥、脱敏密钥\n", zh.Out, StringComparison.Ordinal);
            Assert.Contains("── 1. Create the home: control store, signing key, masking key\n", en.Out, StringComparison.Ordinal);
            Assert.Contains($"完成。可以这样查看：sandbox --home {roots[1]} ", zh.Out, StringComparison.Ordinal);
            // The commands it runs speak the same language.
            Assert.Contains("审计日志完好", zh.Out, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var root in roots.Where(Directory.Exists)) Directory.Delete(root, recursive: true);
        }
    }

    [DockerFact]
    public async Task ImageBuild_ARunnerFolderWithoutTheRunner_RefusedInBothLanguages()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home.Root, "not-a-runner")).FullName;
        string[] args = ["image", "build", "--only", "runner", "--runner", folder, "--home", _home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync([.. args, "--lang", "zh-CN"]);
        Assert.Equal((2, 2), (en.Code, zh.Code));
        Assert.Equal($"error: --runner: {folder}: no sandbox-runner executable (publish src/Sandbox.Runner for linux-x64)\n", en.Err);
        Assert.Equal($"错误：--runner：{folder}：没有 sandbox-runner 可执行文件（请为 linux-x64 发布 src/Sandbox.Runner）\n", zh.Err);
    }

    [DockerFact]
    public async Task ImageList_StatusInTheReadersLanguage_JsonKeepsTheWord()
    {
        string[] args = ["image", "list", "--home", _home.Root];
        var en = await SandboxProcess.RunAsync(args);
        var zh = await SandboxProcess.RunAsync(args, ChineseLocale);
        Assert.Equal((0, 0), (en.Code, zh.Code));
        // A fresh home has recorded no image yet.
        Assert.Matches(@"(?m)^sandbox/python\s+not recorded\s+sha256:", en.Out);
        Assert.Matches(@"(?m)^sandbox/python\s+未记录\s+sha256:", zh.Out);
        Assert.StartsWith("image ", en.Out, StringComparison.Ordinal);
        Assert.StartsWith("镜像 ", zh.Out, StringComparison.Ordinal);
        // Columns aligned by display width (a Chinese character takes two cells): each row's ID starts under its header.
        foreach (var output in new[] { en.Out, zh.Out })
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = lines[0];
            var third = header.Contains("容器引擎", StringComparison.Ordinal) ? "容器引擎" : "in the engine";
            var column = DisplayWidth(header[..header.IndexOf(third, StringComparison.Ordinal)]);
            var rows = lines.Where(l => l.StartsWith("sandbox/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, row => Assert.Equal(column, DisplayWidth(row[..(row.LastIndexOf(' ') + 1)]))); // the ID (or -) is the last word
        }
        Assert.Contains("\"status\":\"not recorded\"", (await SandboxProcess.RunAsync([.. args, "--json"], ChineseLocale)).Out, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task JobShow_ImageChangedSinceRecorded_TheTrustRefusalInChinese()
    {
        using var city = new TestHome().WithCity(enterprises: 30, residents: 20);
        // This home trusts another ID for the runner image than the engine holds: every docker job is refused.
        using (var session = Sandbox.Host.Home.SandboxSession.Open(new Sandbox.Host.Home.SandboxHome(city.Root), null, city.Time))
        {
            Sandbox.Host.Images.ImageTrust.Record(session, new Sandbox.Host.Store.ImageRecord("sandbox/runner", "sha256:" + new string('0', 64), "test", city.Time.GetUtcNow()), "image.record", "a test's record");
        }
        var job = city.Job("nj-credit-2026", "n: select count(*) as n from residents");
        var run = await SandboxProcess.RunAsync(["--as", "zijin-analyst", "job", "run", job, "--wait", "--backend", "docker", "--json", "--home", city.Root]);
        var shown = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("failed", shown.GetProperty("state").GetString());
        Assert.StartsWith("refused: image 'sandbox/runner' changed: the engine has sha256:", shown.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var id = shown.GetProperty("id").GetString()!;
        var en = await SandboxProcess.RunAsync(["--as", "zijin-analyst", "job", "show", id, "--home", city.Root]);
        var zh = await SandboxProcess.RunAsync(["--as", "zijin-analyst", "job", "show", id, "--home", city.Root, "--lang", "zh-CN"]);
        Assert.Contains($"this home recorded sha256:{new string('0', 64)} (rebuild with `sandbox image build`)", en.Out, StringComparison.Ordinal);
        Assert.Matches($@"已拒绝：镜像“sandbox/runner”已变更：容器引擎中为 sha256:[0-9a-f]{{64}}，本主目录记录的是 sha256:{new string('0', 64)}（请用 `sandbox image build` 重新构建）", zh.Out);
    }

    // Cells a terminal gives the text: two for each East Asian wide character (CJK and full-width forms), one for others.
    private static int DisplayWidth(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);

    [GeneratedRegex(@"── \d+[.．] ?[^\n]+")]
    private static partial Regex StepLine();
}
