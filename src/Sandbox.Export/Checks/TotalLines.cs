using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>
/// The additive lines of a table with totals: a total row (a dimension labelled 合计, total …) adds up the rows that
/// share its other dimensions; a total column adds up the other measure columns of its row. A line with exactly one
/// empty cell gives that cell back by subtraction — what secondary suppression must prevent.
/// </summary>
internal static class TotalLines
{
    private static readonly string[] Labels = ["total", "totals", "all", "sum", "合计", "总计", "小计", "全部", "总数", "总和", "共计"];

    /// <summary>One line: cells that add up to <see cref="Total"/>.</summary>
    public sealed record Line(IReadOnlyList<(int Row, int Column)> Members, (int Row, int Column) Total);

    /// <summary>True when <paramref name="text"/> labels a total.</summary>
    public static bool IsTotalLabel(string? text) =>
        text is not null && Labels.Any(l => text.Trim().Equals(l, StringComparison.OrdinalIgnoreCase) || (!char.IsAsciiLetter(l[0]) && text.Contains(l, StringComparison.Ordinal)));

    /// <summary>Every line of <paramref name="table"/>; none when it has no total row or column.</summary>
    public static IReadOnlyList<Line> Of(OutputTable table)
    {
        var measures = Enumerable.Range(0, table.Columns.Count).Where(c => IsMeasure(table, c)).ToList();
        var dimensions = Enumerable.Range(0, table.Columns.Count).Except(measures).ToList();
        var totalColumns = measures.Where(c => IsTotalLabel(table.Columns[c])).ToList();
        var plainMeasures = measures.Except(totalColumns).ToList();
        var isTotalRow = table.Rows.Select(r => dimensions.Any(d => IsTotalLabel(r[d]))).ToArray();
        var lines = new List<Line>();

        // 1. A total row adds up the rows that agree with it on every dimension it does not total over.
        var rowFamily = new List<Line>();
        for (int t = 0; t < table.Rows.Count; t++)
        {
            if (!isTotalRow[t])
            {
                continue;
            }

            var fixedDimensions = dimensions.Where(d => !IsTotalLabel(table.Rows[t][d])).ToList();
            var members = Enumerable.Range(0, table.Rows.Count)
                .Where(r => !isTotalRow[r] && fixedDimensions.All(d => string.Equals(table.Rows[r][d], table.Rows[t][d], StringComparison.Ordinal)))
                .ToList();
            if (members.Count > 0)
            {
                rowFamily.AddRange(measures.Select(column => new Line([.. members.Select(r => (r, column))], (t, column))));
            }
        }

        if (AddsUp(table, rowFamily))
        {
            lines.AddRange(rowFamily);
        }

        // 2. A total column adds up the other measures of its row.
        foreach (int total in totalColumns)
        {
            if (plainMeasures.Count == 0)
            {
                break;
            }

            var family = Enumerable.Range(0, table.Rows.Count).Select(row => new Line([.. plainMeasures.Select(c => (row, c))], (row, total))).ToList();
            if (AddsUp(table, family))
            {
                lines.AddRange(family);
            }
        }

        return lines;
    }

    /// <summary>The empty cells that a line gives back: the only empty cell of a line whose other cells are published.</summary>
    public static IReadOnlyList<(int Row, int Column)> Recoverable(OutputTable table, IReadOnlyList<Line> lines)
    {
        var found = new List<(int Row, int Column)>();
        foreach (var line in lines)
        {
            var empty = line.Members.Append(line.Total).Where(c => string.IsNullOrWhiteSpace(table.Rows[c.Row][c.Column])).ToList();
            if (empty.Count == 1 && !found.Contains(empty[0]))
            {
                found.Add(empty[0]);
            }
        }

        return found;
    }

    /// <summary>The value of a cell as a number, or null when it is empty or no number.</summary>
    public static double? Number(string? cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    /// <summary>
    /// True when the labelled totals really are sums: no fully published line of the family fails to add up ("total"
    /// may also name a measure of its own, <c>sum(amount) AS total</c>). With nothing to verify, the label is trusted:
    /// taking a line for a total when it is not costs a review, the other way a disclosure.
    /// </summary>
    private static bool AddsUp(OutputTable table, IReadOnlyList<Line> family)
    {
        foreach (var line in family)
        {
            var members = line.Members.Select(c => Number(table.Rows[c.Row][c.Column])).ToList();
            if (members.Any(m => m is null) || Number(table.Rows[line.Total.Row][line.Total.Column]) is not double total)
            {
                continue;
            }

            double sum = members.Sum(m => m!.Value);
            if (Math.Abs(sum - total) > 1e-6 * Math.Max(1, Math.Abs(total)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMeasure(OutputTable table, int column)
    {
        int numbers = 0;
        foreach (var row in table.Rows)
        {
            if (string.IsNullOrWhiteSpace(row[column]))
            {
                continue;
            }

            if (Number(row[column]) is null)
            {
                return false;
            }

            numbers++;
        }

        return numbers > 0;
    }
}
