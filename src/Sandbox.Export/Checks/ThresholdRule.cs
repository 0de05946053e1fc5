using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>The "threshold" rule: every aggregate cell rests on at least k distinct subjects.</summary>
internal static class ThresholdRule
{
    public const string Name = "threshold";

    public static CheckResult Check(CheckContext context)
    {
        var options = context.Options;
        return context.Evidence is null ? WithoutEvidence(context, options) : FromEvidence(context, options);
    }

    private static CheckResult FromEvidence(CheckContext context, CheckOptions options)
    {
        var small = new List<string>();
        var unmatched = new List<string>();
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            var evidence = context.RowEvidence[row];
            if (evidence is null)
            {
                unmatched.Add($"row {row + 1}");
            }
            else if (evidence.Subjects < options.Threshold)
            {
                // An emptied (suppressed) cell discloses nothing; every published aggregate of the row does.
                small.AddRange(AggregateCells(context, row));
            }
        }

        if (small.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail,
                $"{DetailText.Cells(small.Count, "rests", "rest")} on fewer than {options.Threshold} distinct subjects: {DetailText.List(small)}", small);
        }

        if (unmatched.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Review,
                $"{DetailText.Figure(unmatched.Count)} rows have no matching evidence, so their subjects are unknown: {DetailText.List(unmatched)}", unmatched);
        }

        return new CheckResult(Name, CheckStatus.Pass,
            $"every aggregate cell rests on at least {options.Threshold} distinct subjects ({context.Evidence!.Subject})", []);
    }

    private static CheckResult WithoutEvidence(CheckContext context, CheckOptions options)
    {
        // A count below k cannot rest on k subjects (a subject has at least one row), so it fails even without evidence;
        // a larger count may still rest on few subjects, so the rest is for a reviewer.
        var small = new List<string>();
        foreach (int ordinal in (options.CountColumnOrdinals ?? []).Distinct().Where(o => o >= 0 && o < context.Table.Columns.Count))
        {
            for (int row = 0; row < context.Table.Rows.Count; row++)
            {
                if (double.TryParse(context.Table.Rows[row][ordinal], NumberStyles.Float, CultureInfo.InvariantCulture, out double count)
                    && count > 0 && count < options.Threshold)
                {
                    small.Add(context.Names.Cell(row, ordinal));
                }
            }
        }

        if (small.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail,
                $"{DetailText.Cells(small.Count, "counts", "count")} fewer than {options.Threshold} rows, so fewer subjects: {DetailText.List(small)}", small);
        }

        return new CheckResult(Name, CheckStatus.Review, $"{context.EvidenceMissing}: a reviewer must judge the subjects behind each cell", []);
    }

    internal static IEnumerable<string> AggregateCells(CheckContext context, int row)
    {
        var values = context.Table.Rows[row];
        for (int ordinal = 0; ordinal < values.Length; ordinal++)
        {
            if (context.IsAggregate(ordinal) && !string.IsNullOrWhiteSpace(values[ordinal]))
            {
                yield return context.Names.Cell(row, ordinal);
            }
        }
    }
}
