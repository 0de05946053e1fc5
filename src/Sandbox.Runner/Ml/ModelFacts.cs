namespace Sandbox.Runner.Ml;

/// <summary>
/// The disclosure evidence of a trained model (<c>model.zip.evidence.json</c>, beside the model, inside the domain):
/// what the export gate's model rules read. Counts and losses only, never a value of the data.
/// </summary>
public sealed record ModelFacts
{
    /// <summary>The task: binary, multiclass, regression or clustering.</summary>
    public required string Task { get; init; }

    /// <summary>The trainer's name.</summary>
    public required string Trainer { get; init; }

    /// <summary>linear, trees or clustering.</summary>
    public required string Family { get; init; }

    /// <summary>Rows the model was trained on.</summary>
    public long TrainingRows { get; init; }

    /// <summary>Rows held out for evaluation.</summary>
    public long HoldoutRows { get; init; }

    /// <summary>Training rows per class (classification), by class order, not by class value.</summary>
    public IReadOnlyList<long> RowsPerClass { get; init; } = [];

    /// <summary>The number of weights a linear model fits (features after encoding, plus the bias; per class for multiclass).</summary>
    public long Parameters { get; init; }

    /// <summary>The training rows reaching each leaf of a tree ensemble; empty for other models.</summary>
    public IReadOnlyList<int> LeafRows { get; init; } = [];

    /// <summary>The features as measured on the training rows.</summary>
    public IReadOnlyList<TrainingColumn> Features { get; init; } = [];

    /// <summary>The loss measured (log-loss, mse, or mean distance for clustering).</summary>
    public string LossName { get; init; } = "";

    /// <summary>Mean loss on the training rows.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Mean loss on the holdout rows; NaN without a holdout.</summary>
    public double HoldoutLoss { get; init; }

    /// <summary>Mean probability the model gives the true class of a training row (classification).</summary>
    public double? TrainConfidence { get; init; }

    /// <summary>The same on holdout rows: a large gap means the model remembers its training rows.</summary>
    public double? HoldoutConfidence { get; init; }

    /// <summary>SHA-256 of the model file the facts describe.</summary>
    public string ModelSha256 { get; init; } = "";
}
