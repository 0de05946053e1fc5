using Sandbox.Contracts.Evidence;
using Sandbox.Export.Evidence;

namespace Sandbox.Export.Checks;

/// <summary>
/// The "dominance" rule for SUM/AVG cells, on each subject's own contributions (a constant added inside the
/// aggregate measured as zero): n-k (the top two subjects hold more than 90% of the total → fail) and p% (the rest,
/// total − top1 − top2, is less than 10% of the top one → fail); negative contributions → review, reported beside
/// any dominated cell.
/// </summary>
internal static class DominanceRule
{
    public const string Name = "dominance";

    public static CheckResult Check(CheckContext context)
    {
        if (context.Evidence is not { } evidence)
        {
            return new CheckResult(Name, CheckStatus.Review, $"{context.EvidenceMissing}: a reviewer must judge whether single subjects dominate any sum", []);
        }

        var options = context.Options;
        var dominated = new List<string>();
        var negative = new List<string>();
        var unmatched = new List<string>();
        var reviewFindings = new List<CellFinding>();
        var findings = new List<CellFinding>();
        var others = Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] == EvidenceRole.Other).Select(context.Names.Column).ToList();
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            var candidates = context.RowEvidence[row];
            for (int j = 0; j < context.Contributed.Count; j++)
            {
                int ordinal = context.Contributed[j];
                if (string.IsNullOrWhiteSpace(context.Table.Rows[row][ordinal]))
                {
                    continue; // suppressed or missing: nothing published
                }

                string cell = context.Names.Cell(row, ordinal);
                var measured = candidates.Where(e => j < e.Contributions.Count).Select(e => e.Contributions[j]).ToList();
                if (measured.Count == 0)
                {
                    unmatched.Add(cell);
                    reviewFindings.Add(new CellFinding(row + 1, context.Names.Label(ordinal), Name));
                    continue;
                }

                // The row may be any of its candidate groups: each is held to the rules.
                bool isNegative = measured.Any(c => c.Min < 0);
                if (isNegative)
                {
                    negative.Add(cell);
                }

                if (measured.Select(c => Dominance(c, options)).Where(d => d.Dominated).Select(d => (double?)d.Share).FirstOrDefault() is { } share)
                {
                    dominated.Add(cell);
                    findings.Add(new CellFinding(row + 1, context.Names.Label(ordinal), Name, context.CellSubjects(row, ordinal), share));
                }
                else if (isNegative)
                {
                    reviewFindings.Add(new CellFinding(row + 1, context.Names.Label(ordinal), Name, context.CellSubjects(row, ordinal)));
                }
            }
        }

        var problems = new List<string>();
        if (dominated.Count > 0)
        {
            problems.Add($"{DetailText.Cells(dominated.Count, "is", "are")} dominated by one or two subjects (n-k {DetailText.Percent(options.DominanceShare)} or p% {DetailText.Percent(options.PRatio)}): {DetailText.List(dominated)}");
        }

        if (negative.Count > 0)
        {
            problems.Add($"{DetailText.Cells(negative.Count, "has", "have")} negative contributions, where the dominance rules do not hold: {DetailText.List(negative)}");
        }

        if (unmatched.Count > 0)
        {
            problems.Add($"{DetailText.Cells(unmatched.Count, "has", "have")} no matching evidence: {DetailText.List(unmatched)}");
        }

        if (others.Count > 0)
        {
            problems.Add($"{DetailText.List(others)} {(others.Count == 1 ? "is" : "are")} not a plain SUM, AVG or COUNT of columns (a MIN or MAX can be one subject's value; a function inside a SUM hides the shares)");
        }

        var flagged = dominated.Concat(negative).Concat(unmatched).Distinct().ToList();
        findings.AddRange(reviewFindings);
        if (dominated.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail, string.Join("; ", problems), flagged) { Findings = findings };
        }

        if (problems.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Review, $"{string.Join("; ", problems)}: a reviewer must judge", flagged) { Findings = findings };
        }

        return new CheckResult(Name, CheckStatus.Pass, context.Contributed.Count == 0
            ? "no SUM or AVG columns"
            : $"no SUM/AVG cell is dominated by one or two subjects (n-k {DetailText.Percent(options.DominanceShare)}, p% {DetailText.Percent(options.PRatio)})", []);
    }

    private static (bool Dominated, double Share) Dominance(Contributions c, CheckOptions options)
    {
        double total = c.Total ?? 0;
        double top1 = c.Top1 ?? 0;
        double top2 = c.Top2 ?? 0;
        if (total <= 0 || top1 <= 0)
        {
            return (false, 0); // a zero total is the zeros rule's
        }

        double share = (top1 + Math.Max(top2, 0)) / total;
        bool nk = top1 + top2 > options.DominanceShare * total;
        bool p = total - top1 - top2 < options.PRatio * top1;
        return (nk || p, share);
    }
}
