using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>
/// The "row-level" rule: an output that carries a subject column or keyed tokens, that has about as many rows as
/// subjects, or that has a column unique per row over many rows is an extract, not an aggregate → fail.
/// </summary>
internal static class RowLevelRule
{
    public const string Name = "row-level";

    public static CheckResult Check(CheckContext context)
    {
        var table = context.Table;
        var problems = new List<string>();
        var cells = new List<string>();

        // 1. A subject column by name, or a column of tokens (a token stands for one subject).
        for (int ordinal = 0; ordinal < table.Columns.Count; ordinal++)
        {
            if (context.Options.SubjectColumns.Contains(table.Columns[ordinal].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{context.Names.Column(ordinal)} is a subject column");
                cells.Add(CellNames.Header(ordinal));
            }
            else if (table.Rows.Count > 0 && table.Rows.Count(r => TokenScan.Contains(r[ordinal])) * 2 > table.Rows.Count)
            {
                problems.Add($"{context.Names.Column(ordinal)} holds keyed tokens, one per subject");
                cells.Add(CellNames.Header(ordinal));
            }
        }

        // 2. About as many rows as subjects: most rows rest on a single subject.
        if (context.Evidence is not null && table.Rows.Count >= 2)
        {
            int single = context.RowEvidence.Count(e => e is { Subjects: <= 1 });
            if (single * 2 > table.Rows.Count)
            {
                problems.Add($"{DetailText.Figure(single)} of {DetailText.Figure(table.Rows.Count)} rows rest on a single subject: the output lists subjects");
            }
        }

        // 3. A column unique per row over many rows, unless the evidence shows every row rests on enough subjects
        //    (a table by day is unique per row, and harmless when each day has many subjects).
        bool everyRowSafe = context.Evidence is not null && context.RowEvidence.All(e => e is not null && e.Subjects >= context.Options.Threshold);
        if (!everyRowSafe && table.Rows.Count >= context.Options.RowLevelMinRows)
        {
            for (int ordinal = 0; ordinal < table.Columns.Count; ordinal++)
            {
                if (UniquePerRow(table, ordinal))
                {
                    problems.Add($"{context.Names.Column(ordinal)} is unique in each of the {DetailText.Figure(table.Rows.Count)} rows, like an identifier");
                    cells.Add(CellNames.Header(ordinal));
                }
            }
        }

        return problems.Count == 0
            ? new CheckResult(Name, CheckStatus.Pass, "no subject column, token column or per-row identifier", [])
            : new CheckResult(Name, CheckStatus.Fail, $"row-level data: {string.Join("; ", problems)}", cells);
    }

    private static bool UniquePerRow(OutputTable table, int ordinal)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            string? value = row[ordinal];
            // Measures (fractions) and dates are unique by nature, not identifiers.
            if (string.IsNullOrWhiteSpace(value) || !seen.Add(value) || IsMeasureOrDate(value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMeasureOrDate(string value) =>
        (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && value.Contains('.', StringComparison.Ordinal))
        || DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
