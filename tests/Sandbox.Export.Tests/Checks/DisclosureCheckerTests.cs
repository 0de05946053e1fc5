using Sandbox.Export.Checks;

namespace Sandbox.Export.Tests.Checks;

public sealed class DisclosureCheckerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An output with its known verdict, the rule that decides it and the cells that rule flags.</summary>
    public sealed record OutputCase(
        string Name, string Csv, int[]? CountColumns, CheckStatus Verdict, string Rule, CheckStatus RuleStatus, string[] Cells)
    {
        public override string ToString() => Name;
    }

    private const string SafeCounts = "industry,enterprises\nmanufacturing,120\nretail,45\nsoftware,33\n";

    public static TheoryData<OutputCase> Outputs() => new()
    {
        new("safe counts", SafeCounts, [1], CheckStatus.Pass, "threshold", CheckStatus.Pass, []),
        new("one small cell", "industry,enterprises\nmanufacturing,120\nretail,4\nsoftware,33\n", [1],
            CheckStatus.Fail, "threshold", CheckStatus.Fail, ["row 2, column enterprises"]),
        new("small and non-numeric counts", "industry,enterprises\nmanufacturing,3\nretail,many\nsoftware,33\n", [1],
            CheckStatus.Fail, "threshold", CheckStatus.Fail, ["row 1, column enterprises", "row 2, column enterprises"]),
        new("suppressed count", "industry,enterprises\nmanufacturing,120\nretail,\n", [1],
            CheckStatus.Review, "threshold", CheckStatus.Review, ["row 2, column enterprises"]),
        new("no count information", SafeCounts, null, CheckStatus.Review, "threshold", CheckStatus.Review, []),
        new("empty count information", SafeCounts, [], CheckStatus.Review, "threshold", CheckStatus.Review, []),
        new("count column that does not exist", SafeCounts, [5], CheckStatus.Fail, "threshold", CheckStatus.Fail, []),
        new("phone number in a category label",
            $"industry,enterprises\nmanufacturing,120\nretail call {Synthetic.Mobile()},45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 2, column industry"]),
        new("phone number glued to Chinese text", $"industry,enterprises\n联系电话{Synthetic.Mobile()}。,45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column industry"]),
        new("bare phone number as a label", $"industry,enterprises\n{Synthetic.Mobile()},45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column industry"]),
        new("grouped phone number inside text", $"industry,enterprises\nretail (tel. +86 {Grouped(Synthetic.Mobile())}),45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column industry"]),
        new("Chinese district labels", "district,enterprises\n玄武区,120\n秦淮区,45\n江宁区（含开发区）,33\n", [1],
            CheckStatus.Pass, "pii", CheckStatus.Pass, []),
        new("resident ID in a label", $"industry,enterprises\nretail,45\nowner {Synthetic.ResidentId()},45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 2, column industry"]),
        new("resident-ID look-alike failing the check digit", $"batch,enterprises\n{Synthetic.ResidentIdLookAlike()},45\n", [1],
            CheckStatus.Pass, "pii", CheckStatus.Pass, []),
        new("phone number as a header", $"industry,{Synthetic.Mobile()}\nretail,45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["header of column #2"]),
        new("measures are not identifiers", "industry,capital\nretail,13912345.50\nsoftware,4200\n", null,
            CheckStatus.Review, "pii", CheckStatus.Pass, []),
        new("leaked token", $"industry,enterprises\nretail,45\n{Synthetic.Token()},45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
        new("token inside text", $"industry,enterprises\nretail,45\nsee [{Synthetic.Token()}],45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
        new("upper-cased token", $"industry,enterprises\nretail,45\n{Synthetic.Token().ToUpperInvariant()},45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
        new("token glued to a word", $"industry,enterprises\nretail,45\nid{Synthetic.Token()}x,45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
    };

    private static string Grouped(string mobile) => $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}";

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Check_KnownOutput_GivesItsVerdictRuleAndCells(OutputCase output)
    {
        string path = _dir.File("output.csv", output.Csv);

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = output.CountColumns });

        Assert.Equal(output.Verdict, report.Verdict);
        var rule = Assert.Single(report.Checks, c => c.Rule == output.Rule);
        Assert.Equal(output.RuleStatus, rule.Status);
        Assert.Equal(output.Cells, rule.Cells);
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Check_AnyOutput_NeverRepeatsASensitiveValue(OutputCase output)
    {
        string path = _dir.File("output.csv", output.Csv);

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = output.CountColumns });

        string everything = CheckJson.Serialize("x", report);
        Assert.DoesNotContain(Synthetic.Mobile(), everything);
        Assert.DoesNotContain(Synthetic.ResidentId(), everything);
        Assert.DoesNotContain("tk_", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Check_SafeCounts_RunsEveryRuleInOrder()
    {
        string path = _dir.File("output.csv", SafeCounts);

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [1] });

        Assert.Equal(["file", "threshold", "pii", "token-leak"], report.Checks.Select(c => c.Rule));
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
    }

    [Fact]
    public void Check_NoCountInformation_SaysAReviewerMustJudge()
    {
        string path = _dir.File("output.csv", SafeCounts);

        var report = DisclosureChecker.Check(path, new CheckOptions());

        var threshold = Assert.Single(report.Checks, c => c.Rule == "threshold");
        Assert.Equal("no evidence of group counts for this output: a reviewer must judge it", threshold.Detail);
    }

    [Fact]
    public void Check_OneSmallCell_NamesTheCellAndThreshold()
    {
        string path = _dir.File("output.csv", "industry,enterprises\nmanufacturing,120\nretail,4\n");

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [1], Threshold = 10 });

        var threshold = Assert.Single(report.Checks, c => c.Rule == "threshold");
        Assert.Equal("1 cell rests on fewer than 10 subjects: row 2, column enterprises", threshold.Detail);
    }

    [Fact]
    public void Check_PhoneNumberInLabel_NamesTheEntityNotTheValue()
    {
        string path = _dir.File("output.csv", $"industry,enterprises\nretail call {Synthetic.Mobile()},45\n");

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [1] });

        var pii = Assert.Single(report.Checks, c => c.Rule == "pii");
        Assert.Equal("1 cell holds personal data: row 1, column industry (cn_mobile)", pii.Detail);
    }

    [Fact]
    public void Check_OversizeFile_FailsWithTheFigures()
    {
        string path = _dir.File("output.csv", SafeCounts);
        long size = new FileInfo(path).Length;

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [1], MaxBytes = 20 });

        Assert.Equal(CheckStatus.Fail, report.Verdict);
        var file = Assert.Single(report.Checks, c => c.Rule == "file");
        Assert.Equal(CheckStatus.Fail, file.Status);
        Assert.Equal($"{size} bytes exceed the limit of 20 bytes", file.Detail);
        // An oversize file is not read, so the cell rules cannot pass it.
        Assert.All(report.Checks.Where(c => c.Rule != "file"), c => Assert.Equal(CheckStatus.Review, c.Status));
    }

    [Fact]
    public void Check_TooManyRows_FailsWithTheFigures()
    {
        string path = _dir.File("output.csv", SafeCounts);

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [1], MaxRows = 2 });

        var file = Assert.Single(report.Checks, c => c.Rule == "file");
        Assert.Equal(CheckStatus.Fail, file.Status);
        Assert.Equal("3 rows exceed the limit of 2 rows", file.Detail);
    }

    [Theory]
    [InlineData("tool.exe", "file type .exe is not allowed")]
    [InlineData("archive.csv.zip", "file type .zip is not allowed")]
    [InlineData("README", "a file without extension is not allowed")]
    public void Check_DisallowedType_FailsTheFileRule(string name, string expected)
    {
        string path = _dir.File(name, "MZ");

        var report = DisclosureChecker.Check(path, new CheckOptions());

        Assert.Equal(CheckStatus.Fail, report.Verdict);
        var file = Assert.Single(report.Checks, c => c.Rule == "file");
        Assert.StartsWith(expected, file.Detail);
    }

    [Theory]
    [InlineData("summary.json")]
    [InlineData("notes.txt")]
    [InlineData("chart.png")]
    [InlineData("result.parquet")]
    public void Check_AllowedNonTable_PassesFileAndNeedsReview(string name)
    {
        string path = _dir.File(name, "{}");

        var report = DisclosureChecker.Check(path, new CheckOptions { CountColumnOrdinals = [0] });

        Assert.Equal(CheckStatus.Review, report.Verdict);
        Assert.Equal(CheckStatus.Pass, Assert.Single(report.Checks, c => c.Rule == "file").Status);
        Assert.All(report.Checks.Where(c => c.Rule != "file"), c =>
        {
            Assert.Equal(CheckStatus.Review, c.Status);
            Assert.Equal("not a table: a reviewer must judge it", c.Detail);
        });
    }

    [Fact]
    public void Check_MalformedCsv_ThrowsNamingTheLine()
    {
        string path = _dir.File("output.csv", "industry,enterprises\nretail,45\nsoftware,33,7\n");

        var error = Assert.Throws<OutputFormatException>(() => DisclosureChecker.Check(path, new CheckOptions()));

        Assert.StartsWith($"{path}:3: ", error.Message);
    }

    [Fact]
    public void Check_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => DisclosureChecker.Check(_dir.Combine("none.csv"), new CheckOptions()));
    }
}
