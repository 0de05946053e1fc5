using Sandbox.Export.Checks;

namespace Sandbox.Export.Tests.Checks;

public sealed class OutputTableTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Typed as sequences: xunit's span overload of Assert.Equal rejects nullable strings.
    private static IEnumerable<string?> Cells(params string?[] cells) => cells;

    [Fact]
    public void ReadCsv_QuotedFields_KeepsCommasQuotesAndLineBreaks()
    {
        string path = _dir.File("t.csv", "name,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",\"\"\r\nplain,\r\n");

        var table = OutputTable.ReadCsv(path);

        Assert.Equal(["name", "note"], table.Columns);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(Cells("a,b", "say \"hi\""), table.Rows[0]);
        Assert.Equal(Cells("two\nlines", ""), table.Rows[1]);
        Assert.Equal(Cells("plain", null), table.Rows[2]);
    }

    [Fact]
    public void ReadCsv_BomAndTrailingBlankLines_AreIgnored()
    {
        string path = _dir.File("t.csv", "\uFEFF行业,企业数\n零售,45\n\n\n");

        var table = OutputTable.ReadCsv(path);

        Assert.Equal(["行业", "企业数"], table.Columns);
        Assert.Equal(Cells("零售", "45"), Assert.Single(table.Rows));
    }

    [Theory]
    [InlineData("", 1, "the file is empty")]
    [InlineData("a,b\n1,2\n3\n", 3, "the row has 1 field but the header has 2 fields")]
    [InlineData("a,b\n1,2\nx\"y,2\n", 3, "a double quote inside an unquoted field")]
    [InlineData("a,b\n\"x\"y,2\n", 2, "unexpected text after a closing double quote")]
    [InlineData("a,b\n1,2\n\"open,2\n3,4\n", 3, "a quoted field opened on this line is never closed")]
    [InlineData("a,b\n\"two\nlines\",2\n1,2,3\n", 4, "the row has 3 fields")]
    public void ReadCsv_Malformed_ThrowsNamingFileAndLine(string csv, int line, string message)
    {
        string path = _dir.File("bad.csv", csv);

        var error = Assert.Throws<OutputFormatException>(() => OutputTable.ReadCsv(path));

        Assert.Equal(line, error.Line);
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:{line}: {message}", error.Message);
    }

    [Fact]
    public void ReadCsv_InvalidUtf8_ThrowsNamingTheLine()
    {
        string path = _dir.Combine("gbk.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,2\n"u8, 0xC4, 0xE3, (byte)',', (byte)'3', (byte)'\n']);

        var error = Assert.Throws<OutputFormatException>(() => OutputTable.ReadCsv(path));

        Assert.Equal(3, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
    }
}
