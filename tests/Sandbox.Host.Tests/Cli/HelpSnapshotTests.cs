using System.Text;
using Sandbox.Host.Cli;
using Spectre.Console;

namespace Sandbox.Host.Tests.Cli;

/// <summary>
/// `--help` of every command and subcommand, in English and in Chinese, through the real process, against the
/// committed snapshots (Cli/Snapshots/help.LANG.txt). The command tree is walked, so a new command without its snapshot
/// fails here. `SANDBOX_UPDATE_SNAPSHOTS=1` writes the snapshots anew instead.
/// </summary>
public sealed class HelpSnapshotTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task Help_EveryCommand_MatchesTheSnapshot(string language)
    {
        var paths = HelpTexts.Commands(new SandboxCli(TextWriter.Null, TextWriter.Null, TimeProvider.System).Tree()).Select(c => c.Path).ToList();
        var pages = new string[paths.Count];
        // Two at a time: one process per command, on a machine with few cores.
        await Parallel.ForEachAsync(Enumerable.Range(0, paths.Count), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var args = paths[i].Split(' ').Skip(1).Concat(["--help", "--lang", language]).ToArray();
            var (code, output, error) = await SandboxProcess.RunAsync(args);
            Assert.True(code == 0, $"{paths[i]} --help exited {code}: {error}");
            Assert.Equal("", error);
            pages[i] = $"$ {paths[i]} --help\n{output}";
        });
        var actual = string.Concat(pages);

        var file = Path.Combine(TestHome.RepositoryRoot, "tests", "Sandbox.Host.Tests", "Cli", "Snapshots", $"help.{language}.txt");
        if (Environment.GetEnvironmentVariable("SANDBOX_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(file, actual, new UTF8Encoding(false));
            return;
        }
        Assert.True(File.Exists(file), $"{file}: no snapshot; run the test with SANDBOX_UPDATE_SNAPSHOTS=1 to write it");
        var expected = File.ReadAllText(file).ReplaceLineEndings("\n");
        if (expected == actual) return;
        var (want, got) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Max(want.Length, got.Length)).First(n => want.ElementAtOrDefault(n) != got.ElementAtOrDefault(n));
        Assert.Fail($"{file}:{line + 1}: help differs from the snapshot\n  snapshot: {want.ElementAtOrDefault(line)}\n  now:      {got.ElementAtOrDefault(line)}\n"
            + "If the change is intended, run the test with SANDBOX_UPDATE_SNAPSHOTS=1 and commit the snapshot.");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void Snapshot_EveryLine_FitsTheWidthInTerminalCells(string language)
    {
        var file = Path.Combine(TestHome.RepositoryRoot, "tests", "Sandbox.Host.Tests", "Cli", "Snapshots", $"help.{language}.txt");
        var lines = File.ReadAllLines(file);
        Assert.NotEmpty(lines);
        // A Chinese character takes two cells: counted in chars, Chinese lines would run twice as wide as allowed.
        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= SandboxProcess.Columns, $"{l.GetCellWidth()} cells: {l}"));
    }

    [Fact]
    public void Snapshot_Chinese_DescriptionsStartInOneColumnPerSection()
    {
        var file = Path.Combine(TestHome.RepositoryRoot, "tests", "Sandbox.Host.Tests", "Cli", "Snapshots", "help.zh-CN.txt");
        // In "  --wait        等待……" rows the description begins where the widest label ends plus two cells; a row
        // whose label is too wide puts its description on the next line at the same column.
        var section = new List<string>();
        foreach (var line in File.ReadLines(file).Append(""))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal)) { section.Add(line); continue; }
            var starts = section.Select(DescriptionColumn).Where(c => c is not null).Distinct().ToList();
            Assert.True(starts.Count <= 1, $"descriptions start at cells {string.Join(", ", starts)} in:\n{string.Join('\n', section)}");
            section.Clear();
        }
    }

    // The cell where the text after the label's run of two or more spaces begins (null for a one-column line).
    private static int? DescriptionColumn(string line)
    {
        var body = line[2..];
        var gap = body.IndexOf("  ", StringComparison.Ordinal);
        if (gap < 0 || body.StartsWith(' ')) return body.StartsWith(' ') ? 2 + body.Length - body.TrimStart().Length : null;
        var rest = body[gap..];
        var text = rest.TrimStart();
        return 2 + body[..gap].GetCellWidth() + (rest.Length - text.Length);
    }

    [Fact]
    public void Wrap_ChineseWithoutSpaces_BreaksBetweenCharactersNeverBeforeClosingPunctuation()
    {
        var lines = CellText.Wrap("将作业排队并立即返回其编号，由正在运行的服务执行。", 12);
        Assert.All(lines, l => Assert.True(l.GetCellWidth() <= 12, l));
        Assert.DoesNotContain(lines, l => l.StartsWith('，') || l.StartsWith('。'));
        Assert.Equal("将作业排队并立即返回其编号，由正在运行的服务执行。", string.Concat(lines));
    }
}
