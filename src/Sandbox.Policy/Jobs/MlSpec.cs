namespace Sandbox.Policy.Jobs;

/// <summary>
/// What a <c>kind: ml</c> job trains: the task, the training query (a single SELECT under the grant's column rules,
/// like a SQL job's), the label and feature columns of its result, the trainer and its hyper-parameters, the holdout
/// share and the seed. With <see cref="Predict"/> the job applies a released model instead of training one.
/// </summary>
public sealed record MlSpec
{
    /// <summary>binary, multiclass, regression or clustering (see <see cref="MlTasks"/>).</summary>
    public required string Task { get; init; }

    /// <summary>The training (or scoring) SELECT.</summary>
    public required string Query { get; init; }

    /// <summary>The line of <c>query</c> in the job file, for error messages.</summary>
    public int QueryLine { get; init; }

    /// <summary>The label column; null for clustering and prediction.</summary>
    public string? Label { get; init; }

    /// <summary>The feature columns of the query's result.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>The trainer: sdca, lbfgs, fasttree, lightgbm or kmeans.</summary>
    public required string Trainer { get; init; }

    /// <summary>Hyper-parameters by name (leaves, trees, min-leaf, learning-rate, iterations, l2, clusters).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The share of rows held out for evaluation (0 to 0.5; 0.2 by default).</summary>
    public double Holdout { get; init; } = 0.2;

    /// <summary>The seed of the split and the trainer (1 by default).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Scoring: the export id of a released model to apply to the query's rows; null when training.</summary>
    public string? Predict { get; init; }
}
