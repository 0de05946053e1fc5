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
        var rowsSubjects = Enumerable.Range(0, context.RowEvidence.Length).Select(context.RowSubjects).ToList();
        if (context.Evidence is { Listing: true } && table.Rows.Count > 0)
        {
            problems.Add($"a listing: each of the {DetailText.Figure(table.Rows.Count)} rows is one row read, so it rests on a single subject");
        }
        else if (context.Evidence is not null && table.Rows.Count >= 2 && rowsSubjects.Count(s => s <= 1) * 2 > table.Rows.Count)
        {
            problems.Add($"{DetailText.Figure(rowsSubjects.Count(s => s <= 1))} of {DetailText.Figure(table.Rows.Count)} rows rest on a single subject: the output lists subjects");
        }
        else if (context.Evidence is not null && !Enumerable.Range(0, table.Columns.Count).Any(context.IsAggregate)
            && rowsSubjects.Count(s => s < context.Options.Threshold) is > 0 and var few)
        {
            // Without an aggregate, a row is its subjects' own values: resting on few of them, it describes them.
            problems.Add($"{DetailText.Figure(few)} rows without any aggregate rest on fewer than {context.Options.Threshold} subjects");
        }

        // 3. A column unique per row over many rows, unless the evidence shows every row rests on enough subjects
        //    (a table by day is unique per row, and harmless when each day has many subjects).
        bool everyRowSafe = context.Evidence is not null && rowsSubjects.All(s => s >= context.Options.Threshold);
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
