using System.Text.RegularExpressions;

namespace Sandbox.Host.Datasets;

/// <summary>Turns DuckDB's multi-line reader errors into the one line our contract promises.</summary>
internal static partial class DuckDbErrors
{
    [GeneratedRegex(@"[Ll]ine:?\s*(\d+)")]
    private static partial Regex LinePattern();

    public static string OneLine(string message)
    {
        // The first two lines carry the error and its cause; later lines may quote the offending row, which can
        // hold personal data, so they are never shown.
        var first = string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Original Line", StringComparison.OrdinalIgnoreCase)).Take(2));
        var line = LinePattern().Match(message);
        return line.Success && !first.Contains("line", StringComparison.OrdinalIgnoreCase) ? $"line {line.Groups[1].Value}: {first}" : first;
    }
}
