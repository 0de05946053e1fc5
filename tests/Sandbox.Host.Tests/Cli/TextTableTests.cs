using Sandbox.Host.Cli;

namespace Sandbox.Host.Tests.Cli;

public sealed class TextTableTests
{
    [Fact]
    public void Write_ChineseCells_KeepTheNextColumnAligned()
    {
        using var writer = new StringWriter();

        TextTable.Write(writer, ["provider", "rows"], [["市市场监督管理局", "2,000"], ["ab", "5"], [null, "7"]]);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length); // header, rule, three rows
        var rows = lines.Where(l => !l.StartsWith('─')).ToList();
        // The second column starts at the same display cell on every line (a CJK character takes two).
        var second = rows.Select(l => DisplayWidth(l[..(l.TrimEnd().LastIndexOf(' ') + 1)])).Distinct().ToList();
        Assert.Single(second);
        Assert.StartsWith("-", rows[3], StringComparison.Ordinal); // a missing value shows as '-'
        Assert.True(second[0] > DisplayWidth("市市场监督管理局"));
    }

    [Fact]
    public void Write_CellWithMarkup_IsPrintedAsText()
    {
        using var writer = new StringWriter();

        TextTable.Write(writer, ["note"], [["[red]x[/] [bold"]]);

        Assert.Contains("[red]x[/] [bold", writer.ToString());
    }

    private static int DisplayWidth(string text) => text.Sum(c => c is >= '\u2E80' and <= '\u9FFF' or >= '\uFF00' and <= '\uFF60' ? 2 : 1);
}
