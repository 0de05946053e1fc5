using System.Text.RegularExpressions;

namespace Sandbox.Policy.Visibility;

/// <summary>
/// What makes a refusal teach: where in the SQL the refused column is written (line:column and the fragment) and the
/// nearest form its rule allows. A hint never changes a decision; the analysis has already made it.
/// </summary>
internal static partial class RefusalHints
{
    /// <summary>The nearest allowed use of a column under <paramref name="constraint"/>.</summary>
    public static string Instead(ColumnConstraint constraint, string column) => constraint switch
    {
        ColumnConstraint.AggregateOnly => $"use it inside an aggregate, e.g. sum({column}), avg({column}) or count({column}), grouped by columns you may show",
        ColumnConstraint.GroupByOnly => $"group by it and show counts or sums, e.g. SELECT {column}, count(*) … GROUP BY {column}",
        ColumnConstraint.JoinOnly => $"use it only to join, e.g. JOIN … ON a.{column} = b.{column}, and select other columns",
        ColumnConstraint.CompareOnly => $"compare it with a constant in WHERE, e.g. WHERE {column} = '…', or count matches: count(*) FILTER (WHERE {column} = '…')",
        ColumnConstraint.Forbidden => "leave it out: no use of it is allowed",
        _ => "",
    };

    /// <summary>
    /// Where <paramref name="column"/> is first written in <paramref name="sql"/> as a name (outside string literals),
    /// as <c>line L:C `fragment`</c>; null when it is not written there (a <c>*</c> or a view's column).
    /// </summary>
    public static string? Locate(string? sql, string column)
    {
        if (string.IsNullOrEmpty(sql)) return null;
        foreach (Match match in Word().Matches(sql))
        {
            if (!string.Equals(match.Value.Trim('"'), column, StringComparison.OrdinalIgnoreCase) || InsideString(sql, match.Index)) continue;
            var lineStart = sql.LastIndexOf('\n', Math.Max(0, match.Index - 1)) + 1;
            if (match.Index == 0) lineStart = 0;
            var line = sql.AsSpan(0, match.Index).Count('\n') + 1;
            var lineEnd = sql.IndexOf('\n', match.Index);
            var text = sql[lineStart..(lineEnd < 0 ? sql.Length : lineEnd)].TrimEnd('\r');
            var at = match.Index - lineStart;
            var from = Math.Max(0, at - 30);
            var to = Math.Min(text.Length, at + match.Length + 30);
            var fragment = (from > 0 ? "…" : "") + text[from..to].Trim() + (to < text.Length ? "…" : "");
            return $"line {line}:{at + 1} `{fragment}`";
        }
        return null;
    }

    // Inside a '…' literal: an odd number of quote characters before the position on the whole text.
    private static bool InsideString(string sql, int index) => sql.AsSpan(0, index).Count('\'') % 2 == 1;

    [GeneratedRegex("\"[^\"]+\"|[A-Za-z_\\p{L}][A-Za-z0-9_\\p{L}]*")]
    private static partial Regex Word();
}
