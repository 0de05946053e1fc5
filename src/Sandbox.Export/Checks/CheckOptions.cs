using Sandbox.Export.Evidence;

namespace Sandbox.Export.Checks;

/// <summary>The limits the disclosure rules apply to one output (defaults: <c>policies/export/defaults.yaml</c>).</summary>
public sealed record CheckOptions
{
    /// <summary>The fewest distinct subjects a published cell may rest on (k of the threshold rule).</summary>
    public int Threshold { get; init; } = 10;

    /// <summary>The n-k dominance rule: the top two subjects may hold at most this share of a total (0.9 = 90%).</summary>
    public double DominanceShare { get; init; } = 0.9;

    /// <summary>The p% rule: the rest (total − top1 − top2) must be at least this share of the top one (0.1 = 10%).</summary>
    public double PRatio { get; init; } = 0.1;

    /// <summary>The smallest residual degrees of freedom a model or regression summary may have.</summary>
    public int MinResidualDof { get; init; } = 10;

    /// <summary>The fewest rows a model may be trained on.</summary>
    public int MinTrainingRows { get; init; } = 100;

    /// <summary>
    /// The membership smoke test's limit: how much higher a model's mean confidence in the true class (or, for
    /// regression, how much lower its relative loss) may be on training rows than on holdout rows (0.1 = 10 points).
    /// </summary>
    public double MaxMembershipGap { get; init; } = 0.1;

    /// <summary>The evidence of a model output (ml jobs: the runner's facts about the trained model); null otherwise.</summary>
    public Sandbox.Contracts.Evidence.ModelEvidence? Model { get; init; }

    /// <summary>A column unique per row is a row-level extract from this many rows on.</summary>
    public int RowLevelMinRows { get; init; } = 50;

    /// <summary>
    /// Zero-based ordinals of the columns known to hold group counts (from the statement), used when there is no
    /// evidence: a count below k then fails, since it cannot rest on more subjects than rows.
    /// </summary>
    public IReadOnlyList<int>? CountColumnOrdinals { get; init; }

    /// <summary>The evidence of the output (SQL jobs); null or unavailable: threshold and dominance ask for review.</summary>
    public OutputEvidence? Evidence { get; init; }

    /// <summary>The names of the subject columns of the datasets read: an output carrying one is row-level.</summary>
    public IReadOnlyList<string> SubjectColumns { get; init; } = [];

    /// <summary>The largest output file, in bytes (16 MiB by default).</summary>
    public long MaxBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The most data rows a table may have (the header not counted).</summary>
    public int MaxRows { get; init; } = 5000;

    /// <summary>File types (extensions without the dot) that may leave.</summary>
    public IReadOnlyList<string> AllowedTypes { get; init; } = ["csv", "parquet", "json", "txt", "md", "png"];

    /// <summary>Model file types: they may leave only after a reviewer judged them, whatever else the checks say.</summary>
    public IReadOnlyList<string> ModelTypes { get; init; } = ["pkl", "pickle", "joblib", "onnx", "pt", "pth", "h5", "rds", "model"];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threshold, 1, nameof(Threshold));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBytes, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRows, nameof(MaxRows));
        if (DominanceShare is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DominanceShare), DominanceShare, "a share between 0 and 1");
        }

        if (PRatio is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PRatio), PRatio, "a ratio between 0 and 1");
        }
    }
}
