using System.Text.Json.Serialization;

namespace Sandbox.Contracts.Evidence;

/// <summary>
/// The disclosure evidence of a trained model (<c>model.zip.evidence.json</c>, beside the model, inside the domain):
/// written by the runner when it trains, read by the export gate's model rules. Counts and losses only, never a value
/// of the data. Serialized through <see cref="ContractJson"/> on both sides.
/// </summary>
public sealed record ModelEvidence
{
    /// <summary>The file name suffix of a model's evidence, beside the model.</summary>
    public const string Suffix = ".evidence.json";

    /// <summary>The task: binary, multiclass, regression or clustering.</summary>
    public string Task { get; init; } = "";

    /// <summary>The trainer's name.</summary>
    public string Trainer { get; init; } = "";

    /// <summary>linear, trees or clustering.</summary>
    public string Family { get; init; } = "";

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
    public IReadOnlyList<ModelFeature> Features { get; init; } = [];

    /// <summary>The loss measured (log-loss, mse, or mean distance for clustering).</summary>
    public string LossName { get; init; } = "";

    /// <summary>Mean loss on the training rows.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double TrainLoss { get; init; }

    /// <summary>Mean loss on the holdout rows; NaN without a holdout.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double HoldoutLoss { get; init; }

    /// <summary>Mean probability the model gives the true class of a training row (classification).</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? TrainConfidence { get; init; }

    /// <summary>The same on holdout rows: a large gap means the model remembers its training rows.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? HoldoutConfidence { get; init; }

    /// <summary>SHA-256 of the model file the facts describe.</summary>
    public string ModelSha256 { get; init; } = "";
}

/// <summary>
/// What the model checks need to know of one feature, measured on the training rows: its kind, how many distinct
/// values it has, and whether it looks like a subject identifier or a keyed token. Never holds a value.
/// </summary>
/// <param name="Name">The column's name in the training query.</param>
/// <param name="Kind">numeric or categorical.</param>
/// <param name="Distinct">Distinct values among the training rows.</param>
/// <param name="TokenLike">True when a value has the shape of a keyed token (<c>tk_</c> and 20 base32 characters).</param>
/// <param name="SubjectColumn">True when the column bears the name of a staged table's subject column.</param>
public sealed record ModelFeature(string Name, string Kind, long Distinct, bool TokenLike, bool SubjectColumn);
