using System.Globalization;

namespace Sandbox.Export.Checks;

/// <summary>
/// The "threshold" rule: every aggregate cell rests on at least k distinct subjects, counting only those its
/// aggregate counts (after FILTER, CASE and WHERE) in the worst of the groups its row may be; in an output without
/// aggregates (a listing, a SELECT DISTINCT) every row does.
/// </summary>
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
        var findings = new List<CellFinding>();
        var unmatched = new List<string>();
        var unmatchedFindings = new List<CellFinding>();
        bool anyAggregate = Enumerable.Range(0, context.Table.Columns.Count).Any(context.IsAggregate);
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            if (context.RowSubjects(row) is not long rowSubjects)
            {
                unmatched.Add($"row {row + 1}");
                unmatchedFindings.Add(new CellFinding(row + 1, null, Name));
                continue;
            }

            if (!anyAggregate)
            {
                if (rowSubjects < options.Threshold)
                {
                    small.Add($"row {row + 1}");
                    findings.Add(new CellFinding(row + 1, null, Name, rowSubjects));
                }

                continue;
            }

            var values = context.Table.Rows[row];
            for (int ordinal = 0; ordinal < values.Length; ordinal++)
            {
                // An emptied (suppressed) cell discloses nothing; every published aggregate does.
                if (context.IsAggregate(ordinal) && !string.IsNullOrWhiteSpace(values[ordinal])
                    && context.CellSubjects(row, ordinal) is long subjects && subjects < options.Threshold)
                {
                    small.Add(context.Names.Cell(row, ordinal));
                    findings.Add(new CellFinding(row + 1, context.Names.Label(ordinal), Name, subjects));
                }
            }
        }

        if (small.Count > 0)
        {
            string what = anyAggregate ? DetailText.Cells(small.Count, "rests", "rest") : $"{DetailText.Figure(small.Count)} rows rest";
            string listing = context.Evidence!.Listing ? " (a listing: each row is one subject's row)" : "";
            return new CheckResult(Name, CheckStatus.Fail,
                $"{what} on fewer than {options.Threshold} distinct subjects{listing}: {DetailText.List(small)}", small)
            { Findings = findings };
        }

        if (unmatched.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Review,
                $"{DetailText.Figure(unmatched.Count)} rows have no matching evidence, so their subjects are unknown: {DetailText.List(unmatched)}", unmatched)
            { Findings = unmatchedFindings };
        }

        return new CheckResult(Name, CheckStatus.Pass,
            $"every aggregate cell rests on at least {options.Threshold} distinct subjects ({context.Evidence!.Subject})", []);
    }

    private static CheckResult WithoutEvidence(CheckContext context, CheckOptions options)
    {
        // A count below k cannot rest on k subjects (a subject has at least one row), so it fails even without evidence;
        // a larger count may still rest on few subjects, so the rest is for a reviewer.
        var small = new List<string>();
        var findings = new List<CellFinding>();
        foreach (int ordinal in (options.CountColumnOrdinals ?? []).Distinct().Where(o => o >= 0 && o < context.Table.Columns.Count))
        {
            for (int row = 0; row < context.Table.Rows.Count; row++)
            {
                if (double.TryParse(context.Table.Rows[row][ordinal], NumberStyles.Float, CultureInfo.InvariantCulture, out double count)
                    && count > 0 && count < options.Threshold)
                {
                    small.Add(context.Names.Cell(row, ordinal));
                    findings.Add(new CellFinding(row + 1, context.Names.Label(ordinal), Name));
                }
            }
        }

        if (small.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail,
                $"{DetailText.Cells(small.Count, "counts", "count")} fewer than {options.Threshold} rows, so fewer subjects: {DetailText.List(small)}", small)
            { Findings = findings };
        }

        return new CheckResult(Name, CheckStatus.Review, $"{context.EvidenceMissing}: a reviewer must judge the subjects behind each cell", []);
    }
}
