namespace Sandbox.Contracts.Runner;

/// <summary>One model-training job as the runner receives it: the training query, the columns and the trainer.</summary>
/// <param name="Task">binary, multiclass, regression or clustering (see <c>Sandbox.Policy.Jobs.MlTasks</c>).</param>
/// <param name="Query">The training SELECT, admitted by the host under the grant's column rules.</param>
/// <param name="Label">The label column; null for clustering.</param>
/// <param name="Features">The feature columns of the query's result.</param>
/// <param name="Trainer">sdca, lbfgs, fasttree, lightgbm or kmeans.</param>
/// <param name="Parameters">Hyper-parameters by name (leaves, trees, min-leaf, learning-rate, iterations, clusters).</param>
/// <param name="Holdout">The share of rows held out for evaluation, 0 to 0.5.</param>
/// <param name="Seed">The seed of the split and of the trainer.</param>
public sealed record MlJob(
    string Task,
    string Query,
    string? Label,
    IReadOnlyList<string> Features,
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    double Holdout,
    int Seed);
