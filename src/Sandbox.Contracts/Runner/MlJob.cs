namespace Sandbox.Contracts.Runner;

/// <summary>
/// One ml job as the runner receives it: a model to train (the training query, the columns and the trainer), or,
/// with <see cref="Predict"/>, a released model to apply to the rows of the query.
/// </summary>
/// <param name="Task">binary, multiclass, regression or clustering (see <c>Sandbox.Policy.Jobs.MlTasks</c>).</param>
/// <param name="Query">The training (or scoring) SELECT, admitted by the host under the grant's column rules.</param>
/// <param name="Label">The label column; null for clustering and scoring.</param>
/// <param name="Features">The feature columns of the query's result.</param>
/// <param name="Trainer">sdca, lbfgs, fasttree, lightgbm or kmeans; empty when scoring.</param>
/// <param name="Parameters">Hyper-parameters by name (leaves, trees, min-leaf, learning-rate, iterations, clusters).</param>
/// <param name="Holdout">The share of rows held out for evaluation, 0 to 0.5.</param>
/// <param name="Seed">The seed of the split and of the trainer.</param>
/// <param name="Predict">Scoring: the released model to apply; null when training.</param>
public sealed record MlJob(
    string Task,
    string Query,
    string? Label,
    IReadOnlyList<string> Features,
    string Trainer,
    IReadOnlyDictionary<string, double> Parameters,
    double Holdout,
    int Seed,
    MlPrediction? Predict = null);

/// <summary>
/// A released model a scoring job applies: the host resolved it from the release, checked its hash and placed the
/// file beside the job; the runner checks the hash again before it loads the model.
/// </summary>
/// <param name="Model">The model file: an absolute path, or a path relative to the runner's job file (<c>model.zip</c> in <c>/job</c>).</param>
/// <param name="ModelSha256">The SHA-256 the reviewers approved and the release recorded, in lower-case hex.</param>
/// <param name="ExportId">The export that released the model, named in the scoring's evidence and errors.</param>
public sealed record MlPrediction(string Model, string ModelSha256, string ExportId);
