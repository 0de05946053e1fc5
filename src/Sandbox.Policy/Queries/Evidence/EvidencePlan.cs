using Sandbox.Contracts.Evidence;
namespace Sandbox.Policy.Queries.Evidence;

/// <summary>
/// How to compute the disclosure evidence of one SQL output, or why it cannot be computed.
/// </summary>
/// <param name="Sql">
/// The evidence query, or null for a listing or when <paramref name="Reason"/> says why there is none. Its result has
/// one row per group of the output and subject table (a group is keyed by every GROUP BY key, so several rows may
/// share the output's dimension cells): the dimension columns in output order, <c>__table</c>, <c>__subjects</c>
/// (distinct subjects), then per aggregate column the subjects it counts and, for a SUM/AVG column, four DOUBLEs:
/// top1, top2, total and min of the single-subject contributions; last, per aggregate column, the subjects it counts
/// summed per <see cref="SubjectSketch.Bucket"/> (UBIGINT[], four per bucket: bucket, subjects, XOR of hashes, XOR of
/// checks; see <see cref="SubjectSketch.AddBucket"/>), computed in the query itself (<see cref="SketchBucketSql"/>).
/// </param>
/// <param name="Roles">The role of each output column, in output order; empty when the select list could not be read.</param>
/// <param name="Subject">The subject columns used, as <c>table.column</c> (comma-separated); null without evidence.</param>
/// <param name="Reason">Why there is no evidence; null when there is.</param>
public sealed record EvidencePlan(string? Sql, IReadOnlyList<EvidenceRole> Roles, string? Subject, string? Reason)
{
    /// <summary>True when the output has an evidence query.</summary>
    public bool Available => Sql is not null;

    /// <summary>True when the output is a listing: every row is one row read, so it rests on a single subject.</summary>
    public bool Listing { get; init; }

    /// <summary>The subject column of each subject source, in the order of the evidence query's <c>__table</c>.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>The output ordinals of the SUM/AVG columns, in the order the evidence query reports them.</summary>
    public IReadOnlyList<int> ContributionColumns =>
        [.. Roles.Select((role, i) => (role, i)).Where(c => c.role is EvidenceRole.Sum or EvidenceRole.Average).Select(c => c.i)];

    /// <summary>The output ordinals of the dimension columns, in order: the key of an output row.</summary>
    public IReadOnlyList<int> DimensionColumns =>
        [.. Roles.Select((role, i) => (role, i)).Where(c => c.role == EvidenceRole.Dimension).Select(c => c.i)];

    internal static EvidencePlan None(string reason, IReadOnlyList<EvidenceRole>? roles = null) => new(null, roles ?? [], null, reason);

    internal static EvidencePlan ListingOf(IReadOnlyList<EvidenceRole> roles, IReadOnlyList<string> subjects) =>
        new(null, roles, string.Join(", ", subjects), null) { Listing = true, Subjects = subjects };
}
