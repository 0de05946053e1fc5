using Sandbox.Host.Cli;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// Every command with missing files, folders where files belong, unwritable outputs and homes that are not homes:
/// always exit 1 or 2 with one line on stderr, never a stack trace or an unhandled exit. (An empty CSV still imports as
/// one column: that is the import work of the everyday-use issue.)
/// </summary>
public sealed class CrashFreeSweepTests(CrashFreeSweepTests.City city) : IClassFixture<CrashFreeSweepTests.City>
{
    public sealed class City : IDisposable
    {
        public TestHome Home { get; } = new TestHome().WithCity(enterprises: 20, residents: 20);

        public void Dispose() => Home.Dispose();
    }

    /// <summary>{dir} is an existing folder, {missing} a path that does not exist, {unwritable} a path that cannot be created.</summary>
    public static TheoryData<string> BadInputs => new()
    {
        "init --home {file}",
        "init --home /proc/sandbox-x",
        "mask detect {missing}", "mask detect {dir}",
        "--as bureau-officer mask apply {missing} --rules {missing} --out {dir}/m.csv",
        "--as bureau-officer mask apply {csv} --rules {missing} --out {dir}/m.csv",
        "--as bureau-officer mask apply {csv} --rules {dir} --out {dir}/m.csv",
        "--as bureau-officer mask apply {csv} --rules {rules} --out {unwritable}/m.csv",
        "--as bureau-officer mask apply {csv} --rules {rules} --out {dir}",
        "--as bureau-officer dataset import {missing} --name x",
        "--as bureau-officer dataset import {dir} --name x",
        "--as bureau-officer policy apply {missing}",
        "--as bureau-officer policy apply {empty}",
        "--as bureau-officer policy apply {binary}",
        "--as bureau-officer grant activate nj-credit-2026 --agreement {dir}",
        "--as zijin-analyst job run {missing}", "--as zijin-analyst job run {dir}", "--as zijin-analyst job run {binary}",
        "--as zijin-analyst job show {missing}", "--as zijin-analyst export request nosuch out",
        "export check {missing}", "export check {dir}", "export check {binary}",
        "export verify {missing}", "export verify {file}", "export verify {dir}",
        "token issue nosuch", "--as nosuch job list", "job", "nosuch", "--as zijin-analyst job run",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Command_WithBadInput_ExitsOneOrTwoWithOneLine(string line)
    {
        var scratch = Path.Combine(city.Home.Root, "sweep-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(scratch);
        var file = Path.Combine(scratch, "file.txt");
        File.WriteAllText(file, "not a home\n");
        File.WriteAllText(Path.Combine(scratch, "empty.csv"), "");
        File.WriteAllBytes(Path.Combine(scratch, "binary.yaml"), [0xff, 0xfe, 0x00, 0x01, 0x80]);
        var args = line.Split(' ').Select(a => a
            .Replace("{missing}", Path.Combine(scratch, "missing", "x.csv"), StringComparison.Ordinal)
            .Replace("{dir}", scratch, StringComparison.Ordinal)
            .Replace("{file}", file, StringComparison.Ordinal)
            .Replace("{empty}", Path.Combine(scratch, "empty.csv"), StringComparison.Ordinal)
            .Replace("{binary}", Path.Combine(scratch, "binary.yaml"), StringComparison.Ordinal)
            .Replace("{unwritable}", "/proc/sandbox-x", StringComparison.Ordinal)
            .Replace("{csv}", Directory.GetFiles(Path.Combine(city.Home.Root, "inputs"), "*resident*").First(), StringComparison.Ordinal)
            .Replace("{rules}", Path.Combine(TestHome.PoliciesDirectory, "masking", "residents.yaml"), StringComparison.Ordinal)).ToArray();
        if (!args.Contains("--home")) args = [.. args, "--home", city.Home.Root];

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SandboxCli.RunAsync(args, output, error, city.Home.Time);

        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code is 1 or 2, $"{line}: exit {code}: {error}");
        // One line naming the problem; or, for a check that ran and failed, its report on stdout and nothing on stderr.
        Assert.True(lines.Length == 1 || (lines.Length == 0 && code == 1 && output.ToString().Length > 0), $"{line}: {lines.Length} lines on stderr: {error}");
        Assert.DoesNotContain("   at ", error.ToString());
    }

    [Theory]
    [InlineData("job list")]
    [InlineData("audit verify")]
    [InlineData("dataset list")]
    [InlineData("serve")]
    public async Task Command_OnAFolderThatIsNotAHome_ExitsTwoNamingIt(string line)
    {
        var notAHome = Path.Combine(city.Home.Root, "not-a-home-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(notAHome);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SandboxCli.RunAsync([.. line.Split(' '), "--home", notAHome], output, error, city.Home.Time);
        Assert.Equal(2, code);
        Assert.Contains("not a sandbox home", error.ToString());
    }
}
