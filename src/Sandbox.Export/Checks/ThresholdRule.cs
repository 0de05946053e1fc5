using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>The "threshold" rule: every group count is at least k.</summary>
internal static class ThresholdRule
{
    public const string Name = "threshold";

    public const string NoEvidence = "no evidence of group counts for this output: a reviewer must judge it";

    public static CheckResult Check(OutputTable table, CellNames names, CheckOptions options)
    {
        if (options.CountColumnOrdinals is not { Count: > 0 } ordinals)
        {
            return new CheckResult(Name, CheckStatus.Review, NoEvidence, []);
        }

        // Collect every problem before deciding, so a reviewer sees all of them at once.
        var problems = new List<string>();
        var small = new List<string>();
        var notNumbers = new List<string>();
        var missing = new List<string>();
        var columns = new List<int>();
        foreach (int ordinal in ordinals.Distinct())
        {
            if (ordinal < 0 || ordinal >= table.Columns.Count)
            {
                problems.Add($"count column #{ordinal + 1} does not exist: the output has {table.Columns.Count} columns");
            }
            else
            {
                columns.Add(ordinal);
            }
        }

        for (int row = 0; row < table.Rows.Count; row++)
        {
            foreach (int ordinal in columns)
            {
                string? cell = table.Rows[row][ordinal];
                if (string.IsNullOrWhiteSpace(cell))
                {
                    missing.Add(names.Cell(row, ordinal));
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double count)
                    || !double.IsFinite(count))
                {
                    notNumbers.Add(names.Cell(row, ordinal));
                }
                else if (count < options.Threshold)
                {
                    small.Add(names.Cell(row, ordinal));
                }
            }
        }

        if (small.Count > 0)
        {
            problems.Add($"{DetailText.Cells(small.Count, "rests", "rest")} on fewer than {options.Threshold} subjects: {DetailText.List(small)}");
        }

        if (notNumbers.Count > 0)
        {
            problems.Add($"{DetailText.Cells(notNumbers.Count, "is", "are")} not a number: {DetailText.List(notNumbers)}");
        }

        var flagged = small.Concat(notNumbers).Concat(missing).ToArray();
        if (problems.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail, string.Join("; ", problems), flagged);
        }

        if (missing.Count > 0)
        {
            // An empty count is usually a suppressed cell; only a reviewer can tell.
            return new CheckResult(Name, CheckStatus.Review,
                $"{DetailText.Cells(missing.Count, "is", "are")} empty, perhaps suppressed: a reviewer must judge: {DetailText.List(missing)}",
                flagged);
        }

        string counted = string.Join(", ", columns.Select(names.Column));
        return new CheckResult(Name, CheckStatus.Pass,
            $"every count in {counted} rests on at least {options.Threshold} subjects", []);
    }
}
