namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// How to compute the disclosure evidence of one SQL output, or why it cannot be computed.
/// </summary>
/// <param name="Sql">
/// The evidence query, or null when <paramref name="Reason"/> says why there is none. Its result has one row per
/// group of the output: the output's dimension columns in output order, then <c>subjects</c> (distinct subjects),
/// then for each SUM/AVG column four DOUBLEs: top1, top2, total and min of the single-subject contributions.
/// </param>
/// <param name="Roles">The role of each output column, in output order; empty when the select list could not be read.</param>
/// <param name="Subject">The subject column used, as <c>table.column</c>; null without evidence.</param>
/// <param name="Reason">Why there is no evidence; null when <paramref name="Sql"/> is set.</param>
public sealed record EvidencePlan(string? Sql, IReadOnlyList<OutputColumnRole> Roles, string? Subject, string? Reason)
{
    /// <summary>True when the output has an evidence query.</summary>
    public bool Available => Sql is not null;

    /// <summary>The output ordinals of the SUM/AVG columns, in the order the evidence query reports them.</summary>
    public IReadOnlyList<int> ContributionColumns =>
        [.. Roles.Select((role, i) => (role, i)).Where(c => c.role is OutputColumnRole.Sum or OutputColumnRole.Average).Select(c => c.i)];

    /// <summary>The output ordinals of the dimension columns, in order: the key of an output row.</summary>
    public IReadOnlyList<int> DimensionColumns =>
        [.. Roles.Select((role, i) => (role, i)).Where(c => c.role == OutputColumnRole.Dimension).Select(c => c.i)];

    internal static EvidencePlan None(string reason, IReadOnlyList<OutputColumnRole>? roles = null) => new(null, roles ?? [], null, reason);
}
