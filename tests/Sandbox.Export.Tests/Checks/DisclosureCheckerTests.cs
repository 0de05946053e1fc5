using System.Globalization;
using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;

namespace Sandbox.Export.Tests.Checks;

public sealed class DisclosureCheckerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An output with its known verdict, the rule that decides it and the cells that rule flags.</summary>
    public sealed record OutputCase(
        string Name, string Csv, int[]? CountColumns, CheckStatus Verdict, string Rule, CheckStatus RuleStatus, string[] Cells,
        OutputEvidence? Evidence = null, string FileName = "output.csv")
    {
        public override string ToString() => Name;
    }

    private const string SafeCounts = "industry,enterprises\nmanufacturing,120\nretail,45\nsoftware,33\n";

    // Evidence as the runner would write it: one row per group, keyed by the dimension cells.
    private static OutputEvidence Counts(params (string Key, long Subjects)[] rows) =>
        OutputEvidence.Of("firms.uscc", [EvidenceRole.Dimension, EvidenceRole.Count], [.. rows.Select(r => new EvidenceRow([r.Key], r.Subjects, []))]);

    private static OutputEvidence Sums(params (string Key, long Subjects, double Top1, double Top2, double Total, double Min)[] rows) =>
        OutputEvidence.Of("firms.uscc", [EvidenceRole.Dimension, EvidenceRole.Count, EvidenceRole.Sum],
            [.. rows.Select(r => new EvidenceRow([r.Key], r.Subjects, [new Contributions(r.Top1, r.Top2, r.Total, r.Min)]))]);

    private static readonly OutputEvidence SafeEvidence = Counts(("manufacturing", 120), ("retail", 45), ("software", 33));

    private static string Listing(int rows) =>
        "code,enterprises\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"C{i:D4},1\n"));

    public static TheoryData<OutputCase> Outputs() => new()
    {
        // The acceptance suite of issue 5, each with its verdict, deciding rule and flagged cells.
        new("safe counts", SafeCounts, [1], CheckStatus.Pass, "threshold", CheckStatus.Pass, [], SafeEvidence),
        new("one small cell", "industry,enterprises\nmanufacturing,120\nretail,4\nsoftware,33\n", [1],
            CheckStatus.Fail, "threshold", CheckStatus.Fail, ["row 2, column enterprises"],
            Counts(("manufacturing", 120), ("retail", 4), ("software", 33))),
        new("many rows of one subject each", "industry,enterprises\nmanufacturing,120\nretail,45\n", [1],
            CheckStatus.Fail, "threshold", CheckStatus.Fail, ["row 1, column enterprises", "row 2, column enterprises"],
            Counts(("manufacturing", 1), ("retail", 1))),
        new("a dominated sum", "district,enterprises,capital\nA,12,1000\nB,15,900\n", null,
            CheckStatus.Fail, "dominance", CheckStatus.Fail, ["row 1, column capital"],
            Sums(("A", 12, 900, 50, 1000, 1), ("B", 15, 100, 90, 900, 20))),
        new("a sum failing only the p% rule", "district,enterprises,capital\nA,12,1000\n", null,
            CheckStatus.Fail, "dominance", CheckStatus.Fail, ["row 1, column capital"],
            Sums(("A", 12, 500, 450, 1000, 1))),
        new("negative sums", "district,enterprises,profit\nA,12,-300\nB,15,900\n", null,
            CheckStatus.Review, "dominance", CheckStatus.Review, ["row 1, column profit"],
            Sums(("A", 12, 50, 40, -300, -200), ("B", 15, 100, 90, 900, 20))),
        new("a zero cell", "district,enterprises,arrears\nA,12,0\nB,15,900\n", null,
            CheckStatus.Review, "zeros", CheckStatus.Review, ["row 1, column arrears"],
            Sums(("A", 12, 0, 0, 0, 0), ("B", 15, 100, 90, 900, 20))),
        new("a missing value", "district,enterprises\nA,\nB,45\n", null,
            CheckStatus.Review, "missing", CheckStatus.Review, ["row 1, column enterprises"], Counts(("A", 12), ("B", 45))),
        new("a row-level extract disguised as a group-by on a unique column", Listing(60), [1],
            CheckStatus.Fail, "row-level", CheckStatus.Fail, ["header of column #1"],
            Counts([.. Enumerable.Range(0, 60).Select(i => ($"C{i:D4}", 1L))])),
        new("a unique column without evidence", Listing(60), null,
            CheckStatus.Fail, "row-level", CheckStatus.Fail, ["header of column #1"]),
        new("a subject column", "uscc,enterprises\nX1,12\n", null,
            CheckStatus.Fail, "row-level", CheckStatus.Fail, ["header of column #1"], Counts(("X1", 12))),
        new("no evidence", SafeCounts, [1], CheckStatus.Review, "threshold", CheckStatus.Review, []),
        new("no evidence, a count below k", "industry,enterprises\nmanufacturing,120\nretail,4\n", [1],
            CheckStatus.Fail, "threshold", CheckStatus.Fail, ["row 2, column enterprises"]),
        new("evidence missing a row", SafeCounts, [1], CheckStatus.Review, "threshold", CheckStatus.Review, ["row 3"],
            Counts(("manufacturing", 120), ("retail", 45))),
        new("a regression with too few degrees of freedom", "term,estimate,df_resid\nintercept,1.25,4\nage,0.31,4\n", null,
            CheckStatus.Fail, "dof", CheckStatus.Fail, ["row 1, column df_resid", "row 2, column df_resid"]),
        new("a regression with enough degrees of freedom", "term,estimate,df_resid\nintercept,1.25,480\n", null,
            CheckStatus.Review, "dof", CheckStatus.Pass, []),
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
            CheckStatus.Pass, "pii", CheckStatus.Pass, [], Counts(("玄武区", 120), ("秦淮区", 45), ("江宁区（含开发区）", 33))),
        new("resident ID in a label", $"industry,enterprises\nretail,45\nowner {Synthetic.ResidentId()},45\n", [1],
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 2, column industry"]),
        new("resident-ID look-alike failing the check digit", $"batch,enterprises\n{Synthetic.ResidentIdLookAlike()},45\n", [1],
            CheckStatus.Pass, "pii", CheckStatus.Pass, [], Counts((Synthetic.ResidentIdLookAlike(), 45))),
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
        // Issue 12, second pass: masked and transformed values are still personal.
        new("masked names beside exact incomes", "name,income\n张*,52340\n欧阳*,61200\n李**,48800\n", null,
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column name", "row 2, column name", "row 3, column name"]),
        new("masked mobiles", $"district,mobile\n玄武区,{Synthetic.MaskedMobile(1)}\n秦淮区,{Synthetic.MaskedMobile(2)}\n", null,
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column mobile", "row 2, column mobile"]),
        new("masked resident IDs", "district,id_card\n玄武区,320102********2291\n", null,
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column id_card"]),
        new("generalized birth dates in a listing", "district,birth_date\n玄武区,1955-01\n秦淮区,1950s\n江宁区,1962\n", null,
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["row 1, column birth_date", "row 2, column birth_date", "row 3, column birth_date"]),
        new("birth years as the dimension of counts", "birth_year,enterprises\n1962,120\n1963,45\n", [1],
            CheckStatus.Pass, "pii", CheckStatus.Pass, [], Counts(("1962", 120), ("1963", 45))),
        new("birth years beside counts, without evidence", "birth_year,residents\n1962,120\n1963,45\n", null,
            CheckStatus.Review, "pii", CheckStatus.Pass, []),
        new("a listing's one-per-subject column, no identifier in it", "district,income\nA,52340\nB,61200\nA,48800\n", null,
            CheckStatus.Fail, "pii", CheckStatus.Fail, ["header of column #2"], OutputEvidence.ListingOf("people.resident_id", 2)),
        new("reversed token", $"industry,enterprises\nretail,45\n{Synthetic.ReversedToken()},45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
        new("token cut with its prefix", $"industry,enterprises\nretail,45\nref {Synthetic.Token()[..12]},45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 2, column industry"]),
        new("token bodies cut by substr", $"ref,enterprises\n{Synthetic.TokenBody(1)},45\n{Synthetic.TokenBody(2)},45\n", [1],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 1, column ref", "row 2, column ref"]),
        new("token split over two columns", $"a,b,enterprises\n{Synthetic.Token()[..6]},{Synthetic.Token()[6..]},45\n", [2],
            CheckStatus.Fail, "token-leak", CheckStatus.Fail, ["row 1, column a", "row 1, column b"]),
        new("an oversize file", string.Concat(Enumerable.Repeat("industry,enterprises\n", 1)) + new string('x', 2048) + ",1\n", [1],
            CheckStatus.Fail, "file", CheckStatus.Fail, [], SafeEvidence),
        new("a statsmodels summary with too few degrees of freedom", "Dep. Variable: y\nNo. Observations: 8\nDf Residuals: 5\n", null,
            CheckStatus.Fail, "dof", CheckStatus.Fail, ["line 3"], FileName: "ols.txt"),
        new("a model file", "\u0080binary", null, CheckStatus.Review, "file", CheckStatus.Review, [], FileName: "model.joblib"),
    };

    private static string Grouped(string mobile) => $"{mobile[..3]} {mobile[3..7]} {mobile[7..]}";

    private static CheckOptions OptionsFor(OutputCase output) => new()
    {
        CountColumnOrdinals = output.CountColumns,
        Evidence = output.Evidence,
        SubjectColumns = ["uscc"],
        MaxBytes = 1024,
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Check_KnownOutput_GivesItsVerdictRuleAndCells(OutputCase output)
    {
        string path = _dir.File(output.FileName, output.Csv);

        var report = DisclosureChecker.Check(path, OptionsFor(output));

        Assert.True(output.Verdict == report.Verdict, CheckJson.Serialize(output.Name, report));
        var rule = Assert.Single(report.Checks, c => c.Rule == output.Rule);
        Assert.Equal(output.RuleStatus, rule.Status);
        Assert.Equal(output.Cells, rule.Cells);
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Check_AnyOutput_NeverRepeatsASensitiveValue(OutputCase output)
    {
        string path = _dir.File(output.FileName, output.Csv);

        var report = DisclosureChecker.Check(path, OptionsFor(output));

        string everything = CheckJson.Serialize("x", report);
        Assert.DoesNotContain(Synthetic.Mobile(), everything);
        Assert.DoesNotContain(Synthetic.ResidentId(), everything);
        Assert.DoesNotContain("tk_", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("900", everything); // a contribution from the evidence never reaches a finding
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_RoundOneListingOfMaskedNamesBesideIncomes_Fails(bool withListingEvidence)
    {
        // select name, income from people: 1,936 rows, one per resident.
        var csv = new System.Text.StringBuilder("name,income\n");
        for (int i = 0; i < 1936; i++)
        {
            csv.Append(Synthetic.MaskedName(i)).Append(',').Append(30000 + (i * 37 % 90000)).Append('\n');
        }

        string path = _dir.File("output.csv", csv.ToString());
        var options = new CheckOptions { Evidence = withListingEvidence ? OutputEvidence.ListingOf("people.resident_id", 2) : null };

        var report = DisclosureChecker.Check(path, options);

        Assert.Equal(CheckStatus.Fail, report.Verdict);
        Assert.Equal(CheckStatus.Fail, Assert.Single(report.Checks, c => c.Rule == "pii").Status);
    }

    [Fact]
    public void Check_RoundOneListingOfNamesMobilesBirthDates_FailsOnEachMaskedColumn()
    {
        // select name, mobile, district, birth_date … limit 4000, as the masking leaves them.
        var csv = new System.Text.StringBuilder("name,mobile,district,birth_date\n");
        for (int i = 0; i < 4000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Synthetic.MaskedName(i)},{Synthetic.MaskedMobile(i)},玄武区,{1950 + (i % 50)}\n");
        }

        string path = _dir.File("output.csv", csv.ToString());

        var report = DisclosureChecker.Check(path, new CheckOptions());

        Assert.Equal(CheckStatus.Fail, report.Verdict);
        var pii = Assert.Single(report.Checks, c => c.Rule == "pii");
        Assert.Equal(CheckStatus.Fail, pii.Status);
        Assert.Equal(["name", "mobile", "birth_date"], pii.Findings.Where(f => f.Row == 1).Select(f => f.Column));
        Assert.Equal(12000, pii.Findings.Count);
    }

    [Fact]
    public void Check_SafeCounts_RunsEveryRuleInOrder()
    {
        string path = _dir.File("output.csv", SafeCounts);

        var report = DisclosureChecker.Check(path, new CheckOptions { Evidence = SafeEvidence });

        Assert.Equal(["file", "threshold", "dominance", "zeros", "missing", "row-level", "pii", "token-leak", "dof"], report.Checks.Select(c => c.Rule));
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Pass, c.Status));
    }

    [Fact]
    public void Check_NoEvidence_SaysWhyAReviewerMustJudge()
    {
        string path = _dir.File("output.csv", SafeCounts);

        var report = DisclosureChecker.Check(path, new CheckOptions { Evidence = OutputEvidence.None("not an aggregate: the select list has no aggregate function") });

        var threshold = Assert.Single(report.Checks, c => c.Rule == "threshold");
        Assert.Equal("no evidence: not an aggregate: the select list has no aggregate function: a reviewer must judge the subjects behind each cell", threshold.Detail);
        Assert.Equal(CheckStatus.Review, Assert.Single(report.Checks, c => c.Rule == "dominance").Status);
    }

    [Fact]
    public void Check_OneSmallCell_NamesTheCellAndThreshold()
    {
        string path = _dir.File("output.csv", "industry,enterprises\nmanufacturing,120\nretail,4\n");

        var report = DisclosureChecker.Check(path, new CheckOptions { Evidence = Counts(("manufacturing", 120), ("retail", 4)), Threshold = 10 });

        var threshold = Assert.Single(report.Checks, c => c.Rule == "threshold");
        Assert.Equal("1 cell rests on fewer than 10 distinct subjects: row 2, column enterprises", threshold.Detail);
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
