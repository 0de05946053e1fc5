using Microsoft.ML;
using Microsoft.ML.Data;

namespace Sandbox.Runner.Ml;

/// <summary>A model's quality on one set of rows: ML.NET's metrics, the mean loss and the mean confidence in the true class.</summary>
internal sealed record ModelEvaluation(IReadOnlyDictionary<string, double> Metrics, string LossName, double Loss, double? Confidence)
{
    /// <summary>Scores <paramref name="rows"/> with <paramref name="model"/>; an empty set gives NaN figures.</summary>
    public static ModelEvaluation Of(MLContext ml, string task, ITransformer model, IDataView rows)
    {
        var scored = model.Transform(rows);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        switch (task)
        {
            case "binary":
                {
                    var labels = scored.GetColumn<bool>(TrainingTable.LabelColumn).ToArray();
                    var p = scored.GetColumn<float>("Probability").ToArray();
                    var truth = labels.Select((l, i) => (double)(l ? p[i] : 1 - p[i])).ToArray();
                    Try(() =>
                    {
                        var m = ml.BinaryClassification.Evaluate(scored, TrainingTable.LabelColumn);
                        metrics["accuracy"] = m.Accuracy;
                        metrics["auc"] = m.AreaUnderRocCurve;
                        metrics["f1"] = m.F1Score;
                        metrics["log-loss"] = m.LogLoss;
                    });
                    return new(metrics, "log-loss", MeanLogLoss(truth), Mean(truth));
                }
            case "multiclass":
                {
                    var labels = scored.GetColumn<uint>(TrainingTable.LabelColumn).ToArray();
                    var scores = scored.GetColumn<VBuffer<float>>("Score").ToArray();
                    var truth = labels.Select((l, i) => l == 0 ? 0d : scores[i].GetItemOrDefault((int)l - 1)).ToArray();
                    Try(() =>
                    {
                        var m = ml.MulticlassClassification.Evaluate(scored, TrainingTable.LabelColumn);
                        metrics["macro-accuracy"] = m.MacroAccuracy;
                        metrics["micro-accuracy"] = m.MicroAccuracy;
                        metrics["log-loss"] = m.LogLoss;
                    });
                    return new(metrics, "log-loss", MeanLogLoss(truth), Mean(truth));
                }
            case "regression":
                {
                    var labels = scored.GetColumn<float>(TrainingTable.LabelColumn).ToArray();
                    var score = scored.GetColumn<float>("Score").ToArray();
                    var squared = labels.Select((l, i) => Math.Pow(l - score[i], 2)).ToArray();
                    Try(() =>
                    {
                        var m = ml.Regression.Evaluate(scored, TrainingTable.LabelColumn);
                        metrics["mse"] = m.MeanSquaredError;
                        metrics["rmse"] = m.RootMeanSquaredError;
                        metrics["mae"] = m.MeanAbsoluteError;
                        metrics["r2"] = m.RSquared;
                    });
                    return new(metrics, "mse", Mean(squared), null);
                }
            default:
                {
                    var distances = scored.GetColumn<VBuffer<float>>("Score").Select(s => (double)s.DenseValues().DefaultIfEmpty().Min()).ToArray();
                    Try(() =>
                    {
                        var m = ml.Clustering.Evaluate(scored, null, "Score", "Features");
                        metrics["average-distance"] = m.AverageDistance;
                        metrics["davies-bouldin"] = m.DaviesBouldinIndex;
                    });
                    return new(metrics, "mean-distance", Mean(distances), null);
                }
        }
    }

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : values.Average();

    // Log-loss of the true class, clipped as ML.NET clips it, so one certain mistake does not make it infinite.
    private static double MeanLogLoss(double[] truth) => truth.Length == 0 ? double.NaN : truth.Average(t => -Math.Log(Math.Clamp(t, 1e-15, 1)));

    // ML.NET refuses some metrics on sets of one class or few rows: the figure is then simply absent.
    private static void Try(Action measure)
    {
        try
        {
            measure();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
        }
    }
}
