using System.Globalization;
using System.Text;

namespace Sandbox.Host.Reports;

/// <summary>The annual operation report as Markdown, section by section as seed §14 asks.</summary>
internal static class AnnualMarkdown
{
    public static string Render(AnnualReport r)
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# Annual operation report: {r.Operator}, agreement year {r.Year}");
        Line($"");
        Line($"Agreement year {r.Year}: {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd} (agreement start {r.AgreementStart:yyyy-MM-dd}); due in its last week, from {r.Due:yyyy-MM-dd}.");
        Line($"");
        Line($"## Jobs");
        Line($"");
        Line($"{r.Jobs} jobs submitted{(r.JobsByState.Count == 0 ? "" : ": " + string.Join(", ", r.JobsByState.Select(s => $"{s.Value} {s.Key}")))}.");
        Line($"");
        Line($"## Products released and registered");
        Line($"");
        if (r.Products.Count == 0) Line($"None.");
        else
        {
            Line($"| release | product | released | bytes | kind | registered |");
            Line($"|---|---|---|---|---|---|");
            foreach (var p in r.Products)
            {
                Line($"| {p.ReleaseId} | {Cell(p.Name ?? "")} | {UsageReport.DayOf(p.ReleasedAt):yyyy-MM-dd} | {p.Bytes} | {(p.Model ? "model" : "result")} | {(p.Registered ? "yes" : "no")} |");
            }
        }
        Line($"");
        Line($"## Usage and cost");
        Line($"");
        var u = r.Usage;
        Line($"{u.Metered} of {u.Jobs} jobs metered: {u.WallSeconds:0.###} s wall, {u.CpuSeconds:0.###} s CPU, {u.MemoryGibHours:0.######} GiB·h memory, {u.ReadBytes} bytes staged, {u.WrittenBytes} bytes written.");
        Line($"{r.Exports.Requests} export requests, {r.Exports.ResultReleases} results and {r.Exports.ModelReleases} models released ({r.Exports.ReleasedBytes} bytes); {r.SecurityDays} days with a grant in force.");
        Line($"");
        if (r.Cost is { } cost)
        {
            Line($"| fee | item | quantity | unit | price ({cost.Currency}) | amount ({cost.Currency}) |");
            Line($"|---|---|---|---|---|---|");
            foreach (var l in cost.Lines) Line($"| {l.Category} | {l.Item} | {l.Quantity} | {l.Unit} | {l.UnitPrice:0.00} | {l.Amount:0.00} |");
            Line($"| **total** | | | | | **{cost.Total:0.00}** |");
            Line($"");
            Line($"Priced with pricing document sha256 {cost.PricingSha256}.");
        }
        else Line($"No pricing was in force: use is metered, not priced.");
        Line($"");
        Line($"## Data-quality reports");
        Line($"");
        if (r.QualityReports.Count == 0) Line($"None.");
        foreach (var q in r.QualityReports) Line($"- {q.Id} ({q.Dataset}{(q.Column is null ? "" : "." + q.Column)}), filed {UsageReport.DayOf(q.FiledAt):yyyy-MM-dd}: {q.State}{(q.Resolution is null ? "" : " — " + Cell(q.Resolution))}");
        Line($"");
        Line($"## Alerts and their outcome");
        Line($"");
        if (r.Alerts.Count == 0 && r.SupervisionActions.Count == 0) Line($"None.");
        foreach (var a in r.Alerts) Line($"- {a.Id} ({a.Rule}, {a.Actor}, {UsageReport.DayOf(a.RaisedAt):yyyy-MM-dd}): {Cell(a.Message)} Recommended: {a.Recommendation}. Outcome: {Cell(a.Outcome)}");
        foreach (var s in r.SupervisionActions) Line($"- {UsageReport.DayOf(s.At):yyyy-MM-dd}: {s.Name} of grant {s.Grant} by {s.By}");
        Line($"");
        Line($"## Evaluation record");
        Line($"");
        if (r.Evaluations.Count == 0) Line($"No evaluation recorded yet.");
        foreach (var e in r.Evaluations) Line($"- {e.Year}, grant {e.Grant}: {e.Rating} ({e.By}){(e.Note.Length == 0 ? "" : " — " + Cell(e.Note))}");
        return md.ToString();
    }

    /// <summary>Text from a record inside a table cell or a line: no line breaks, no column separators.</summary>
    private static string Cell(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Replace("|", "\\|", StringComparison.Ordinal);
}
