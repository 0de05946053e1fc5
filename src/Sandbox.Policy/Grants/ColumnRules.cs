using System.Text.RegularExpressions;

namespace Sandbox.Policy.Grants;

/// <summary>The words a grant document may use for per-column masking and SQL constraints.</summary>
public static partial class ColumnRules
{
    /// <summary>SQL constraints a grant may put on a column.</summary>
    public static IReadOnlyList<string> Constraints { get; } =
        ["plain", "masked", "aggregate-only", "group-by-only", "join-only", "compare-only", "forbidden"];

    /// <summary>Masking techniques a grant may name, besides <c>keep-first-N-last-M</c>.</summary>
    public static IReadOnlyList<string> Maskings { get; } = ["keep", "mask", "tokenize", "redact"];

    /// <summary>True when <paramref name="value"/> is one of <see cref="Constraints"/>.</summary>
    public static bool IsConstraint(string value) => Constraints.Contains(value, StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> is one of <see cref="Maskings"/> or <c>keep-first-N-last-M</c> with N, M digits.</summary>
    public static bool IsMasking(string value) =>
        Maskings.Contains(value, StringComparer.Ordinal) || KeepFirstLast().IsMatch(value);

    [GeneratedRegex("^keep-first-[0-9]{1,3}-last-[0-9]{1,3}$")]
    private static partial Regex KeepFirstLast();
}
