using Sandbox.Policy.Visibility;

namespace Sandbox.Policy.Grants;

/// <summary>One dataset of a grant: the columns it allows and per-column masking and SQL constraints.</summary>
/// <param name="Name">The dataset's name in the domain catalog.</param>
/// <param name="Columns">The granted columns, in document order.</param>
/// <param name="Masking">Masking overrides by column: <c>keep</c>, <c>mask</c>, <c>tokenize</c>, <c>redact</c> or <c>keep-first-N-last-M</c>.</param>
/// <param name="Constraints">SQL constraints by column: <c>plain</c>, <c>masked</c>, <c>aggregate-only</c>, <c>group-by-only</c>, <c>join-only</c>, <c>compare-only</c> or <c>forbidden</c>.</param>
public sealed record GrantedDataset(
    string Name,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, string> Masking,
    IReadOnlyDictionary<string, string> Constraints)
{
    /// <summary>True when <paramref name="column"/> is granted (case-insensitive, as DuckDB identifiers are).</summary>
    public bool Grants(string column) => Columns.Contains(column, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The SQL constraint of a granted column: the grant's override, else the default of its classification
    /// <paramref name="level"/> (level 3 masked, level 4 join-only over its tokens).
    /// </summary>
    public ColumnConstraint ConstraintOf(string column, int level)
    {
        var written = Constraints.FirstOrDefault(c => string.Equals(c.Key, column, StringComparison.OrdinalIgnoreCase)).Value;
        return written is not null && ColumnConstraints.Parse(written) is { } parsed ? parsed : ColumnConstraints.DefaultFor(level);
    }
}
