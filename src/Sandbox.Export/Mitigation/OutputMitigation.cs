using System.Globalization;
using System.Text;
using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;

namespace Sandbox.Export.Mitigation;

/// <summary>
/// Writes a mitigated copy of a CSV output: a new file, never the original, whose verdict is at best
/// <c>review</c> (see <see cref="Finding"/>): suppression can be undone from totals, so a person must look.
/// </summary>
public static class OutputMitigation
{
    /// <summary>The rule name of the mitigation finding added to a mitigated output's report.</summary>
    public const string RuleName = "mitigation";

    /// <summary>The contract word of a kind: <c>suppress</c>, <c>round5</c>, <c>midpoint6</c>.</summary>
    public static string Text(MitigationKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses a contract word; null when unknown.</summary>
    public static MitigationKind? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "suppress" => MitigationKind.Suppress,
        "round5" => MitigationKind.Round5,
        "midpoint6" => MitigationKind.Midpoint6,
        _ => null,
    };

    /// <summary>Writes the mitigated copy of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The checked CSV output.</param>
    /// <param name="report">Its check report: suppression empties the cells its threshold and dominance rules fail.</param>
    /// <param name="options">The options it was checked with: the evidence says which columns are counts.</param>
    /// <param name="kind">The mitigation.</param>
    /// <param name="destination">The new file; it must not exist.</param>
    /// <returns>How many cells were changed.</returns>
    /// <exception cref="OutputFormatException">The source is not a readable CSV.</exception>
    public static int Apply(string source, CheckReport report, CheckOptions options, MitigationKind kind, string destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var table = OutputTable.ReadCsv(source);
        var names = new CellNames(table);
        int changed = 0;
        if (kind == MitigationKind.Suppress)
        {
            var flagged = report.Checks.Where(c => c.Rule is ThresholdRule.Name or DominanceRule.Name && c.Status == CheckStatus.Fail)
                .SelectMany(c => c.Cells).ToHashSet(StringComparer.Ordinal);
            ForEachCell(table, (row, ordinal) => flagged.Contains(names.Cell(row, ordinal)) ? null : table.Rows[row][ordinal]);
            changed += SuppressSecondary(table);
        }
        else
        {
            var counts = CountColumns(table, options);
            ForEachCell(table, (row, ordinal) => counts.Contains(ordinal) ? Round(table.Rows[row][ordinal], kind) : table.Rows[row][ordinal]);
        }

        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        using var writer = new StreamWriter(output, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', table.Columns.Select(Field)));
        foreach (var row in table.Rows)
        {
            writer.WriteLine(string.Join(',', row.Select(Field)));
        }

        return changed;

        void ForEachCell(OutputTable t, Func<int, int, string?> map)
        {
            for (int row = 0; row < t.Rows.Count; row++)
            {
                for (int ordinal = 0; ordinal < t.Columns.Count; ordinal++)
                {
                    string? before = t.Rows[row][ordinal];
                    string? after = map(row, ordinal);
                    if (!string.Equals(before, after, StringComparison.Ordinal))
                    {
                        t.Rows[row][ordinal] = after;
                        changed++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Secondary suppression: while a total line of the table (<see cref="TotalLines"/>) has exactly one empty cell,
    /// which subtraction would give back, empties the smallest other published cell of that line (its total when
    /// no other is left). Returns how many cells it emptied.
    /// </summary>
    internal static int SuppressSecondary(OutputTable table)
    {
        var lines = TotalLines.Of(table);
        int emptied = 0;
        bool again = true;
        while (again)
        {
            again = false;
            foreach (var line in lines)
            {
                var cells = line.Members.Append(line.Total).ToList();
                if (cells.Count(c => string.IsNullOrWhiteSpace(table.Rows[c.Row][c.Column])) != 1)
                {
                    continue;
                }

                // The smallest published member hides the least; the total goes only when no member is left.
                var (row, column) = line.Members.Where(c => !string.IsNullOrWhiteSpace(table.Rows[c.Row][c.Column]))
                    .OrderBy(c => Math.Abs(TotalLines.Number(table.Rows[c.Row][c.Column]) ?? double.MaxValue))
                    .DefaultIfEmpty(line.Total).First();
                table.Rows[row][column] = null;
                emptied++;
                again = true;
            }
        }

        return emptied;
    }

    /// <summary>The finding every mitigated output carries, so its verdict is at best <c>review</c>.</summary>
    public static CheckResult Finding(MitigationKind kind, int changedCells) => new(RuleName, CheckStatus.Review,
        kind == MitigationKind.Suppress
            ? $"{DetailText.Figure(changedCells)} cells were suppressed: a reviewer must confirm they cannot be recovered from totals or other outputs"
            : $"{DetailText.Figure(changedCells)} counts were rounded ({Text(kind)}): a reviewer must confirm the rounding hides the small groups",
        []);

    private static HashSet<int> CountColumns(OutputTable table, CheckOptions options)
    {
        if (options.Evidence is { Available: true } evidence && evidence.Roles.Count == table.Columns.Count)
        {
            return [.. Enumerable.Range(0, evidence.Roles.Count).Where(i => evidence.Roles[i] == EvidenceRole.Count)];
        }

        return [.. options.CountColumnOrdinals ?? []];
    }

    private static string? Round(string? cell, MitigationKind kind)
    {
        if (!long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long count) || count <= 0)
        {
            return cell;
        }

        long rounded = kind == MitigationKind.Midpoint6 && count <= 10 ? 6 : Math.Max(5, (count + 2) / 5 * 5);
        return rounded.ToString(CultureInfo.InvariantCulture);
    }

    private static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }

        return value.Length == 0 || value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
