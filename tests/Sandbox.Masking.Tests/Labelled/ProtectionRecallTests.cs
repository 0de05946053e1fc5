using System.Globalization;
using System.Text;
using Sandbox.Masking.Detection;
using Xunit.Abstractions;

namespace Sandbox.Masking.Tests.Labelled;

/// <summary>
/// Issue 13: protection (level ≥ 3) of the labelled suite's personal columns, per file and per entity. A personal
/// column below level 3 is a miss (its values would leave in clear); a decoy at level ≥ 3 is a false alarm.
/// </summary>
public sealed class ProtectionRecallTests(ITestOutputHelper output)
{
    [Fact]
    public void Classify_LabelledSuite_RecallAtLeast95AndPrecisionAtLeast90OnEveryFile()
    {
        var columns = new LabelledSuite(2026).Columns();
        var results = columns.Select(c => (Column: c, Protected: ColumnClassifier.Classify(c.Header, c.Values).Level >= 3)).ToList();

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{"file",-24} {"recall",7} {"precision",9} {"columns",7}");
        foreach (var file in results.GroupBy(r => r.Column.File))
        {
            var (recall, precision) = Scores(file.ToList());
            report.AppendLine(CultureInfo.InvariantCulture, $"{file.Key,-24} {recall,7:0.000} {precision,9:0.000} {file.Count(),7}");
            Assert.True(recall >= 0.95, $"{file.Key}: recall {recall:0.000}; missed {string.Join(", ", file.Where(r => r.Column.Entity is not null && !r.Protected).Select(r => $"{r.Column.Header}@{r.Column.SharePercent}%"))}");
            Assert.True(precision >= 0.90, $"{file.Key}: precision {precision:0.000}; false alarms {string.Join(", ", file.Where(r => r.Column.Entity is null && r.Protected).Select(r => r.Column.Header))}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"{"entity",-24} {"recall",7} {"columns",7}");
        foreach (var entity in results.Where(r => r.Column.Entity is not null).GroupBy(r => r.Column.Entity!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{entity.Key,-24} {(double)entity.Count(r => r.Protected) / entity.Count(),7:0.000} {entity.Count(),7}");
        }

        var decoys = results.Where(r => r.Column.Entity is null).ToList();
        report.AppendLine(CultureInfo.InvariantCulture, $"{"decoys protected",-24} {decoys.Count(r => r.Protected),7} of {decoys.Count}");
        output.WriteLine(report.ToString());
    }

    private static (double Recall, double Precision) Scores(List<(LabelledColumn Column, bool Protected)> file)
    {
        var positives = file.Count(r => r.Column.Entity is not null);
        var truePositives = file.Count(r => r.Column.Entity is not null && r.Protected);
        var flagged = file.Count(r => r.Protected);
        return (positives == 0 ? 1 : (double)truePositives / positives, flagged == 0 ? 1 : (double)truePositives / flagged);
    }
}
