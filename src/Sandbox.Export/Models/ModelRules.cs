using System.Globalization;
using Sandbox.Contracts.Evidence;
using Sandbox.Export.Checks;

namespace Sandbox.Export.Models;

/// <summary>
/// The export gate's rules for a trained model, beside the table rules: enough training rows and rows per class;
/// residual degrees of freedom for linear models; no tree leaf on fewer rows than the threshold; no feature that is a
/// subject identifier or a keyed token; and a membership-inference smoke test (train vs holdout). A model never passes
/// on these alone: the file rule always sends it to reviewers.
/// </summary>
public static class ModelRules
{
    /// <summary>Rule names.</summary>
    public const string Rows = "model-rows", Dof = "model-dof", Leaves = "model-leaves", Features = "model-features", Membership = "membership";

    /// <summary>Every model rule, in the order they report.</summary>
    public static IReadOnlyList<string> Names { get; } = [Rows, Dof, Leaves, Features, Membership];

    /// <summary>The model rules over <paramref name="evidence"/>; without evidence each asks for review, saying why.</summary>
    public static IReadOnlyList<CheckResult> Check(ModelEvidence? evidence, CheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (evidence is null)
        {
            const string why = "no evidence: the model was not trained by the sandbox's runner, so nothing measured its training rows";
            return [.. Names.Select(n => new CheckResult(n, CheckStatus.Review, why, []))];
        }
        return [CheckRows(evidence, options), CheckDof(evidence, options), CheckLeaves(evidence, options), CheckFeatures(evidence, options), CheckMembership(evidence, options)];
    }

    private static CheckResult CheckRows(ModelEvidence e, CheckOptions o)
    {
        var problems = new List<string>();
        if (e.TrainingRows < o.MinTrainingRows) problems.Add($"trained on {Figure(e.TrainingRows)} rows, fewer than {Figure(o.MinTrainingRows)}");
        var small = e.RowsPerClass.Select((n, i) => (n, i)).Where(c => c.n < o.Threshold).ToList();
        if (small.Count > 0) problems.Add($"{small.Count} of {e.RowsPerClass.Count} classes rest on fewer than {o.Threshold} training rows (smallest: {Figure(small.Min(c => c.n))})");
        return problems.Count > 0
            ? new CheckResult(Rows, CheckStatus.Fail, string.Join("; ", problems), [])
            : new CheckResult(Rows, CheckStatus.Pass, $"trained on {Figure(e.TrainingRows)} rows{(e.RowsPerClass.Count > 0 ? $", every class on at least {Figure(e.RowsPerClass.Min())}" : "")}", []);
    }

    private static CheckResult CheckDof(ModelEvidence e, CheckOptions o)
    {
        if (e.Family != "linear") return new CheckResult(Dof, CheckStatus.Pass, $"not a linear model ({e.Family}): no weights per row to count", []);
        var dof = e.TrainingRows - e.Parameters;
        return dof < o.MinResidualDof
            ? new CheckResult(Dof, CheckStatus.Fail, $"{Figure(e.Parameters)} weights fitted on {Figure(e.TrainingRows)} rows leave {Figure(dof)} residual degrees of freedom, fewer than {o.MinResidualDof}", [])
            : new CheckResult(Dof, CheckStatus.Pass, $"{Figure(e.Parameters)} weights on {Figure(e.TrainingRows)} rows: {Figure(dof)} residual degrees of freedom", []);
    }

    private static CheckResult CheckLeaves(ModelEvidence e, CheckOptions o)
    {
        if (e.Family != "trees") return new CheckResult(Leaves, CheckStatus.Pass, $"not a tree model ({e.Family})", []);
        // A leaf no training row reaches says nothing of anyone; a leaf reached by a few rows describes those few.
        var reached = e.LeafRows.Where(r => r > 0).ToList();
        var small = reached.Where(r => r < o.Threshold).ToList();
        return small.Count > 0
            ? new CheckResult(Leaves, CheckStatus.Fail,
                $"{Figure(small.Count)} of {Figure(reached.Count)} tree leaves rest on fewer than {o.Threshold} training rows (smallest: {small.Min()}); a leaf's value describes the rows in it", [])
            : new CheckResult(Leaves, CheckStatus.Pass,
                $"every one of {Figure(reached.Count)} reached tree leaves rests on at least {o.Threshold} training rows (rows, an upper bound of subjects)", []);
    }

    private static CheckResult CheckFeatures(ModelEvidence e, CheckOptions o)
    {
        var bad = new List<string>();
        foreach (var f in e.Features)
        {
            if (f.TokenLike) bad.Add($"{f.Name} (keyed token)");
            else if (f.SubjectColumn) bad.Add($"{f.Name} (subject identifier)");
            else if (f.Kind == "categorical" && e.TrainingRows >= o.RowLevelMinRows && f.Distinct >= e.TrainingRows * 9 / 10) bad.Add($"{f.Name} (a distinct value for nearly every row)");
        }
        return bad.Count > 0
            ? new CheckResult(Features, CheckStatus.Fail, $"features that identify single subjects, which a model can memorize: {string.Join(", ", bad)}", bad)
            : new CheckResult(Features, CheckStatus.Pass, $"{e.Features.Count} features, none an identifier or a token", []);
    }

    private static CheckResult CheckMembership(ModelEvidence e, CheckOptions o)
    {
        if (e.HoldoutRows == 0 || double.IsNaN(e.HoldoutLoss))
        {
            return new CheckResult(Membership, CheckStatus.Review, "no holdout rows: the train/holdout gap could not be measured", []);
        }
        double gap;
        string measured;
        if (e.TrainConfidence is { } train && e.HoldoutConfidence is { } held)
        {
            gap = train - held;
            measured = $"mean confidence in the true class {Figure(train)} on training rows vs {Figure(held)} on holdout rows ({e.LossName} {Figure(e.TrainLoss)} vs {Figure(e.HoldoutLoss)})";
        }
        else
        {
            gap = e.HoldoutLoss <= 0 ? 0 : (e.HoldoutLoss - e.TrainLoss) / e.HoldoutLoss;
            measured = $"{e.LossName} {Figure(e.TrainLoss)} on training rows vs {Figure(e.HoldoutLoss)} on holdout rows (relative gap {Figure(gap)})";
        }
        // Evidence, not proof: a small gap does not show that no row can be recognized, so at best this asks for review.
        return gap > o.MaxMembershipGap
            ? new CheckResult(Membership, CheckStatus.Fail, $"the model knows its training rows better than others, beyond the limit of {Figure(o.MaxMembershipGap)}: {measured}", [])
            : new CheckResult(Membership, CheckStatus.Review, $"membership smoke test within the limit of {Figure(o.MaxMembershipGap)}: {measured}; evidence for the reviewers, not a proof", []);
    }

    private static string Figure(double value) => value.ToString(Math.Abs(value) >= 1000 ? "#,0" : "0.###", CultureInfo.InvariantCulture);
}
