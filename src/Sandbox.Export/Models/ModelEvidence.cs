using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Export.Models;

/// <summary>
/// What the runner measured of a model it trained (<c>model.zip.evidence.json</c>, the JSON of the runner's
/// <c>ModelFacts</c>): counts and losses, never a value of the data. Read by the model rules.
/// </summary>
public sealed record ModelEvidence
{
    /// <summary>The file name suffix of a model's evidence, beside the model.</summary>
    public const string Suffix = ".evidence.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>binary, multiclass, regression or clustering.</summary>
    public string Task { get; init; } = "";

    /// <summary>The trainer.</summary>
    public string Trainer { get; init; } = "";

    /// <summary>linear, trees or clustering.</summary>
    public string Family { get; init; } = "";

    /// <summary>Rows trained on.</summary>
    public long TrainingRows { get; init; }

    /// <summary>Rows held out.</summary>
    public long HoldoutRows { get; init; }

    /// <summary>Training rows per class.</summary>
    public IReadOnlyList<long> RowsPerClass { get; init; } = [];

    /// <summary>Weights a linear model fits.</summary>
    public long Parameters { get; init; }

    /// <summary>Training rows reaching each leaf of each tree.</summary>
    public IReadOnlyList<int> LeafRows { get; init; } = [];

    /// <summary>The features as measured.</summary>
    public IReadOnlyList<ModelFeature> Features { get; init; } = [];

    /// <summary>The loss measured.</summary>
    public string LossName { get; init; } = "";

    /// <summary>Mean loss on training rows.</summary>
    public double TrainLoss { get; init; }

    /// <summary>Mean loss on holdout rows.</summary>
    public double HoldoutLoss { get; init; }

    /// <summary>Mean confidence in the true class on training rows.</summary>
    public double? TrainConfidence { get; init; }

    /// <summary>The same on holdout rows.</summary>
    public double? HoldoutConfidence { get; init; }

    /// <summary>SHA-256 of the model file these facts describe.</summary>
    public string ModelSha256 { get; init; } = "";

    /// <summary>Reads the evidence beside <paramref name="modelPath"/>; null when there is none or it cannot be read.</summary>
    public static ModelEvidence? ReadBeside(string modelPath)
    {
        var path = modelPath + Suffix;
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ModelEvidence>(File.ReadAllText(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One feature of a model: its kind, distinct values, and whether it is a keyed token or a subject column.</summary>
public sealed record ModelFeature(string Name, string Kind, long Distinct, bool TokenLike, bool SubjectColumn);
