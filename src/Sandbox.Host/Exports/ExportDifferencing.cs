using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;
using Sandbox.Export.Evidence;
using Sandbox.Host.Store;
using Sandbox.Policy.Queries.Evidence;

namespace Sandbox.Host.Exports;

/// <summary>
/// The "differencing" rule, across outputs: a cell whose subject set differs from that of a cell of an earlier export
/// of the same grant by fewer than k subjects can be subtracted from it to isolate those few subjects → fail, with
/// the pair named. Works on subject-set fingerprints, never on values.
/// </summary>
internal static class ExportDifferencing
{
    public const string Rule = "differencing";

    /// <summary>
    /// The fingerprints of the published (non-empty) aggregate cells of the CSV at <paramref name="path"/> that rest on
    /// at least <paramref name="threshold"/> subjects: a smaller cell discloses on its own and the threshold rule
    /// fails it; differencing is about pairs of cells each safe alone.
    /// </summary>
    public static IReadOnlyList<CellFingerprint> Fingerprints(string exportId, string path, OutputEvidence? evidence, int threshold)
    {
        if (evidence is not { Available: true, Listing: false } || !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var table = OutputTable.ReadCsv(path);
        if (table.Columns.Count != evidence.Roles.Count)
        {
            return [];
        }

        var dimensions = Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] == EvidenceRole.Dimension).ToList();
        var aggregates = Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] != EvidenceRole.Dimension).ToList();
        var fingerprints = new List<CellFingerprint>();
        var key = new string?[dimensions.Count];
        for (int row = 0; row < table.Rows.Count; row++)
        {
            var values = table.Rows[row];
            for (int d = 0; d < dimensions.Count; d++)
            {
                key[d] = values[dimensions[d]];
            }

            foreach (var group in evidence.Candidates(key))
            {
                string subject = evidence.Subjects.ElementAtOrDefault(group.Table) ?? evidence.Subject ?? "";
                for (int a = 0; a < aggregates.Count && a < group.Sketches.Count; a++)
                {
                    // A suppressed cell is not published, so nothing can be subtracted from it.
                    if (!string.IsNullOrWhiteSpace(values[aggregates[a]]) && group.Sketches[a].Length > 0)
                    {
                        var bytes = Convert.FromBase64String(group.Sketches[a]);
                        var sketch = SubjectSketch.FromBytes(bytes);
                        if (sketch.Subjects < threshold)
                        {
                            continue;
                        }

                        fingerprints.Add(new CellFingerprint(exportId, row + 1, table.Label(aggregates[a]), subject, sketch.Subjects, bytes));
                    }
                }
            }
        }

        return fingerprints;
    }

    /// <summary>Checks <paramref name="current"/> against the <paramref name="earlier"/> fingerprints of the grant.</summary>
    public static CheckResult Check(IReadOnlyList<CellFingerprint> current, IReadOnlyList<CellFingerprint> earlier, CheckOptions options)
    {
        if (options.Evidence is not { Available: true } evidence)
        {
            return new CheckResult(Rule, CheckStatus.Review,
                "no evidence, so no subject fingerprints: a reviewer must judge whether earlier outputs of the grant can be subtracted from this one", []);
        }

        if (evidence.Listing || current.Count == 0)
        {
            return new CheckResult(Rule, CheckStatus.Pass, "no aggregate cell to compare with earlier outputs of the grant", []);
        }

        int k = options.Threshold;
        // Two sets can differ by fewer than k subjects only if their sizes do: only such pairs are decoded.
        string exportId = current[0].ExportId;
        var bySubject = earlier.Where(e => e.ExportId != exportId)
            .GroupBy(e => e.Subject, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Subjects).ToArray(), StringComparer.Ordinal);
        var sketches = new Dictionary<CellFingerprint, SubjectSketch>(ReferenceEqualityComparer.Instance);
        var cells = new List<string>();
        var findings = new List<CellFinding>();
        foreach (var cell in current)
        {
            if (!bySubject.TryGetValue(cell.Subject, out var candidates))
            {
                continue;
            }

            var mine = SubjectSketch.FromBytes(cell.Sketch);
            int at = LowerBound(candidates, cell.Subjects - (k - 1));
            for (int i = at; i < candidates.Length && candidates[i].Subjects <= cell.Subjects + (k - 1); i++)
            {
                var other = candidates[i];
                if (!sketches.TryGetValue(other, out var theirs))
                {
                    sketches[other] = theirs = SubjectSketch.FromBytes(other.Sketch);
                }

                if (SubjectSketch.Difference(mine, theirs) is int difference and > 0 && difference < k)
                {
                    cells.Add($"row {cell.Row}, column {cell.Column} against {other.ExportId} row {other.Row}, column {other.Column} ({difference} subjects apart)");
                    findings.Add(new CellFinding(cell.Row, cell.Column, Rule, difference) { Against = new CellReference(other.ExportId, other.Row, other.Column) });
                    break; // one pair per cell names the problem
                }
            }
        }

        if (cells.Count == 0)
        {
            return new CheckResult(Rule, CheckStatus.Pass,
                $"no cell differs from a cell of an earlier export of the grant by fewer than {k} subjects", []);
        }

        return new CheckResult(Rule, CheckStatus.Fail,
            $"{DetailText(cells.Count)} from a cell of an earlier export of the grant by fewer than {k} subjects, so subtracting one from the other isolates them: {string.Join("; ", cells.Take(10))}{(cells.Count > 10 ? $" and {cells.Count - 10} more" : "")}",
            cells)
        { Findings = findings };
    }

    private static string DetailText(int count) => count == 1 ? "1 cell differs" : $"{count} cells differ";

    private static int LowerBound(CellFingerprint[] sorted, long subjects)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (sorted[mid].Subjects < subjects) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
