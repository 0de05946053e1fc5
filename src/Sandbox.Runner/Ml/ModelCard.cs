using System.Globalization;
using System.Text;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;

namespace Sandbox.Runner.Ml;

/// <summary>The model card (<c>model-card.md</c>): what a reviewer and a user of the released model read first.</summary>
internal static class ModelCard
{
    public static string Render(MlJob job, ModelEvidence facts, IReadOnlyDictionary<string, double> used, ModelEvaluation onTrain, ModelEvaluation onHoldout)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"# Model card: {job.Task} model ({job.Trainer})");
        s.AppendLine();
        s.AppendLine("Trained inside the sandbox on masked, granted data. The training rows never leave the domain.");
        s.AppendLine();
        s.AppendLine("## Training");
        s.AppendLine();
        s.AppendLine(c, $"- task: {job.Task}; trainer: {job.Trainer} ({facts.Family}); seed: {job.Seed}; holdout share: {job.Holdout:0.###}");
        s.AppendLine(c, $"- hyper-parameters: {(used.Count == 0 ? "defaults" : string.Join(", ", used.Select(p => $"{p.Key} = {p.Value:0.######}")))}");
        s.AppendLine(c, $"- rows: {facts.TrainingRows} for training, {facts.HoldoutRows} held out");
        if (facts.RowsPerClass.Count > 0) s.AppendLine(c, $"- training rows per class: {string.Join(", ", facts.RowsPerClass)}");
        if (job.Label is not null) s.AppendLine(c, $"- label: `{job.Label}`");
        s.AppendLine(c, $"- features: {string.Join(", ", facts.Features.Select(f => $"`{f.Name}` ({f.Kind})"))}");
        s.AppendLine();
        s.AppendLine("## Quality");
        s.AppendLine();
        s.AppendLine("| metric | training | holdout |");
        s.AppendLine("|---|---|---|");
        foreach (var key in onTrain.Metrics.Keys.Union(onHoldout.Metrics.Keys).Order(StringComparer.Ordinal))
        {
            s.AppendLine(c, $"| {key} | {Figure(onTrain.Metrics.GetValueOrDefault(key, double.NaN))} | {Figure(onHoldout.Metrics.GetValueOrDefault(key, double.NaN))} |");
        }
        s.AppendLine();
        s.AppendLine("## Disclosure evidence");
        s.AppendLine();
        s.AppendLine(c, $"- mean {facts.LossName}: {Figure(facts.TrainLoss)} on training rows, {Figure(facts.HoldoutLoss)} on holdout rows (a large gap means the model remembers its training rows)");
        if (facts.TrainConfidence is { } tc) s.AppendLine(c, $"- mean confidence in the true class: {Figure(tc)} on training rows, {Figure(facts.HoldoutConfidence ?? double.NaN)} on holdout rows");
        if (facts.Family == "linear") s.AppendLine(c, $"- weights fitted: {facts.Parameters}; residual degrees of freedom: {facts.TrainingRows - facts.Parameters}");
        if (facts.LeafRows.Count > 0) s.AppendLine(c, $"- tree leaves: {facts.LeafRows.Count}; fewest training rows in a reached leaf: {facts.LeafRows.Where(r => r > 0).DefaultIfEmpty(0).Min()}");
        s.AppendLine();
        s.AppendLine("The export gate's model rules, and two reviewers, decide whether this model may leave.");
        return s.ToString();
    }

    private static string Figure(double value) => double.IsNaN(value) ? "–" : value.ToString("0.####", CultureInfo.InvariantCulture);
}
