using System.Globalization;
using System.Text;
using Sandbox.Host.Localization;
using Spectre.Console;

namespace Sandbox.Host.Reports;

/// <summary>A usage report as a table for people or as CSV (one row per job) for spreadsheets; JSON is the record itself.</summary>
internal static class UsageFormats
{
    /// <summary>The CSV columns, in order.</summary>
    public const string CsvHeader = "job,grant,backend,state,submitted_by,created_at,attribution,wall_seconds,cpu_seconds,peak_memory_bytes,read_bytes,written_bytes";

    public static string Csv(UsageReport r)
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var j in r.Jobs)
        {
            string[] cells =
            [
                j.Id, j.Grant, j.Backend, j.State, j.SubmittedBy, j.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                j.Attribution ?? "", Number(j.WallSeconds), Number(j.CpuSeconds), Number(j.PeakMemoryBytes), Number(j.ReadBytes), Number(j.WrittenBytes),
            ];
            csv.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }
        return csv.ToString();
    }

    public static string Table(UsageReport r)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string Say(string id, params (string Name, object? Value)[] args) => Messages.Get(id, args);
        Line($"{Say("cli.usage.title", ("operator", r.Operator), ("from", r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}");
        // Padded in terminal cells: a Chinese header takes two cells a character.
        static string Pad(string text, int width) => text + new string(' ', Math.Max(0, width - text.GetCellWidth()));
        Line($"{Pad(Say("cli.column.job"), 34)} {Pad(Say("cli.column.backend"), 9)} {Pad(Say("cli.column.state"), 10)} {"wall s",9} {"cpu s",9} {"peak MiB",9} {"read MiB",9} {"out KiB",9}  {Say("cli.usage.attribution")}");
        foreach (var j in r.Jobs)
        {
            Line($"{j.Id,-34} {j.Backend,-9} {j.State,-10} {Fixed(j.WallSeconds),9} {Fixed(j.CpuSeconds),9} {Fixed(j.PeakMemoryBytes / 1048576.0),9} {Fixed(j.ReadBytes / 1048576.0),9} {Fixed(j.WrittenBytes / 1024.0),9}  {j.Attribution ?? Say("cli.usage.not-metered")}");
        }
        var t = r.Total;
        Line($"{Say("cli.usage.total", ("jobs", t.Jobs), ("metered", t.Metered), ("wall", t.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
            ("cpu", t.CpuSeconds.ToString("0.###", CultureInfo.InvariantCulture)), ("memory", t.MemoryGibHours.ToString("0.######", CultureInfo.InvariantCulture)),
            ("read", t.ReadBytes), ("written", t.WrittenBytes))}");
        Line($"{Say("cli.usage.exports", ("requests", r.Exports.Requests), ("results", r.Exports.ResultReleases), ("models", r.Exports.ModelReleases),
            ("bytes", r.Exports.ReleasedBytes), ("days", r.SecurityDays))}");
        if (r.Charges is not { } c)
        {
            Line($"{Say("cli.usage.no-pricing")}");
            return text.ToString();
        }
        foreach (var l in c.Lines) Line($"  {l.Category,-18} {l.Item,-28} {l.Quantity,14} {l.Unit,-9} x {l.UnitPrice,8:0.00} = {l.Amount,10:0.00} {c.Currency}");
        Line($"  {Say("cli.usage.charges-total"),-18} {"",-28} {"",14} {"",-9}   {"",8} = {c.Total,10:0.00} {c.Currency}");
        return text.ToString();
    }

    private static string Number(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static string Number(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Fixed(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    /// <summary>RFC 4180 quoting; a cell starting like a formula is prefixed so a spreadsheet shows it as text.</summary>
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && "=+-@".Contains(cell[0], StringComparison.Ordinal)) cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
