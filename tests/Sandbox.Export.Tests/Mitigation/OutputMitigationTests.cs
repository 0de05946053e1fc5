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
}
