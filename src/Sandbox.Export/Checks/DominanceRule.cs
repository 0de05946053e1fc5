using Sandbox.Export.Evidence;

namespace Sandbox.Export.Checks;

/// <summary>
/// The "dominance" rule for SUM/AVG cells: n-k (the top two subjects hold more than 90% of the total → fail) and
/// p% (the rest, total − top1 − top2, is less than 10% of the top one → fail); negative contributions → review.
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
        var others = Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] == EvidenceRole.Other).Select(context.Names.Column).ToList();
        for (int row = 0; row < context.Table.Rows.Count; row++)
        {
            var rowEvidence = context.RowEvidence[row];
            for (int j = 0; j < context.Contributed.Count; j++)
            {
                int ordinal = context.Contributed[j];
                if (string.IsNullOrWhiteSpace(context.Table.Rows[row][ordinal]))
                {
                    continue; // suppressed or missing: nothing published
                }

                string cell = context.Names.Cell(row, ordinal);
                if (rowEvidence is null || j >= rowEvidence.Contributions.Count)
                {
                    unmatched.Add(cell);
                    continue;
                }

                var c = rowEvidence.Contributions[j];
                if (c.Min < 0)
                {
                    negative.Add(cell);
                }
                else if (Dominated(c, options))
                {
                    dominated.Add(cell);
                }
            }
        }

        if (dominated.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail,
                $"{DetailText.Cells(dominated.Count, "is", "are")} dominated by one or two subjects (n-k {DetailText.Percent(options.DominanceShare)} or p% {DetailText.Percent(options.PRatio)}): {DetailText.List(dominated)}",
                dominated);
        }

        var review = new List<string>();
        var problems = new List<string>();
        if (negative.Count > 0)
        {
            problems.Add($"{DetailText.Cells(negative.Count, "has", "have")} negative contributions, where the dominance rules do not hold: {DetailText.List(negative)}");
            review.AddRange(negative);
        }

        if (unmatched.Count > 0)
        {
            problems.Add($"{DetailText.Cells(unmatched.Count, "has", "have")} no matching evidence: {DetailText.List(unmatched)}");
            review.AddRange(unmatched);
        }

        if (others.Count > 0)
        {
            problems.Add($"{DetailText.List(others)} {(others.Count == 1 ? "is" : "are")} not a plain SUM, AVG or COUNT (a MIN or MAX can be one subject's value)");
        }

        if (problems.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Review, $"{string.Join("; ", problems)}: a reviewer must judge", review);
        }

        return new CheckResult(Name, CheckStatus.Pass, context.Contributed.Count == 0
            ? "no SUM or AVG columns"
            : $"no SUM/AVG cell is dominated by one or two subjects (n-k {DetailText.Percent(options.DominanceShare)}, p% {DetailText.Percent(options.PRatio)})", []);
    }

    private static bool Dominated(Contributions c, CheckOptions options)
    {
        double total = c.Total ?? 0;
        double top1 = c.Top1 ?? 0;
        double top2 = c.Top2 ?? 0;
        if (total <= 0 || top1 <= 0)
        {
            return false; // a zero total is the zeros rule's
        }

        bool nk = top1 + top2 > options.DominanceShare * total;
        bool p = total - top1 - top2 < options.PRatio * top1;
        return nk || p;
    }
}
