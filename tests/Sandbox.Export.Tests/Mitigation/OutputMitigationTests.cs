using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;
using Sandbox.Export.Mitigation;

namespace Sandbox.Export.Tests.Mitigation;

public sealed class OutputMitigationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly CheckOptions Options = new()
    {
        Evidence = OutputEvidence.Of("firms.uscc", [EvidenceRole.Dimension, EvidenceRole.Count],
            [new EvidenceRow(["manufacturing"], 120, []), new EvidenceRow(["retail"], 4, []), new EvidenceRow(["software"], 33, [])]),
    };

    private const string Csv = "industry,enterprises\nmanufacturing,120\nretail,4\nsoftware,33\n";

    [Fact]
    public void Suppress_EmptiesTheFailingCells_InANewFileThatNeedsReview()
    {
        string source = _dir.File("out.csv", Csv);
        var report = DisclosureChecker.Check(source, Options);
        string target = _dir.Combine("out.suppress.csv");

        int changed = OutputMitigation.Apply(source, report, Options, MitigationKind.Suppress, target);
        var again = DisclosureChecker.Check(target, Options);
        var final = CheckReport.From([.. again.Checks, OutputMitigation.Finding(MitigationKind.Suppress, changed)]);

        Assert.Equal(1, changed);
        Assert.Equal(Csv, File.ReadAllText(source)); // the original is untouched
        Assert.Equal("industry,enterprises\nmanufacturing,120\nretail,\nsoftware,33\n", File.ReadAllText(target));
        Assert.Equal(CheckStatus.Pass, Assert.Single(final.Checks, c => c.Rule == "threshold").Status);
        Assert.Equal(CheckStatus.Review, final.Verdict);
    }

    [Theory]
    [InlineData(MitigationKind.Round5, "industry,enterprises\nmanufacturing,120\nretail,5\nsoftware,35\n")]
    [InlineData(MitigationKind.Midpoint6, "industry,enterprises\nmanufacturing,120\nretail,6\nsoftware,35\n")]
    public void Round_ChangesOnlyTheCounts(MitigationKind kind, string expected)
    {
        string source = _dir.File("out.csv", Csv);
        string target = _dir.Combine($"out.{kind}.csv");

        OutputMitigation.Apply(source, DisclosureChecker.Check(source, Options), Options, kind, target);

        Assert.Equal(expected, File.ReadAllText(target));
    }

    // Two districts with their subtotals: 玄武区 × 金融业 (3) is small.
    private const string WithTotals =
        "district,industry,enterprises\n" +
        "玄武区,制造业,40\n玄武区,金融业,3\n玄武区,零售业,25\n玄武区,合计,68\n" +
        "秦淮区,制造业,30\n秦淮区,金融业,20\n秦淮区,零售业,12\n秦淮区,合计,62\n";

    private static readonly CheckOptions TotalsOptions = new() { CountColumnOrdinals = [2] };

    [Fact]
    public void Check_SmallCellBlankedBesideItsTotal_FailsAsRecoverable()
    {
        string blanked = _dir.File("blanked.csv", WithTotals.Replace("玄武区,金融业,3", "玄武区,金融业,", StringComparison.Ordinal));

        var report = DisclosureChecker.Check(blanked, TotalsOptions);

        var missing = Assert.Single(report.Checks, c => c.Rule == "missing");
        Assert.Equal(CheckStatus.Fail, missing.Status);
        Assert.Equal(["row 2, column enterprises"], missing.Cells);
        Assert.Equal(CheckStatus.Fail, report.Verdict);
    }

    [Fact]
    public void Suppress_WithTotals_AlsoEmptiesASecondCellSoNoneIsRecoverable()
    {
        string source = _dir.File("out.csv", WithTotals);
        var report = DisclosureChecker.Check(source, TotalsOptions);
        string target = _dir.Combine("out.suppress.csv");

        int changed = OutputMitigation.Apply(source, report, TotalsOptions, MitigationKind.Suppress, target);
        var again = DisclosureChecker.Check(target, TotalsOptions);
        var final = CheckReport.From([.. again.Checks, OutputMitigation.Finding(MitigationKind.Suppress, changed)]);

        Assert.Equal(2, changed);
        Assert.Equal(WithTotals.Replace("玄武区,金融业,3", "玄武区,金融业,", StringComparison.Ordinal).Replace("玄武区,零售业,25", "玄武区,零售业,", StringComparison.Ordinal),
            File.ReadAllText(target));
        Assert.Equal(CheckStatus.Review, Assert.Single(final.Checks, c => c.Rule == "missing").Status);
        Assert.Equal(CheckStatus.Review, final.Verdict);
    }

    [Fact]
    public void Suppress_ATotalThatIsAMeasureOfItsOwn_IsNotTakenForASum()
    {
        var table = "district,enterprises,total\nA,12,1000\nB,15,\n";
        string path = _dir.File("own.csv", table);

        var report = DisclosureChecker.Check(path, new CheckOptions());

        Assert.Equal(CheckStatus.Review, Assert.Single(report.Checks, c => c.Rule == "missing").Status);
    }
}
