using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;

namespace Sandbox.Runner.Ml;

/// <summary>
/// The ML.NET pipeline of a job: text features one-hot encoded, every feature concatenated into <c>Features</c>,
/// min-max normalized for linear trainers, the label keyed for multiclass, then the trainer on the job's threads.
/// </summary>
internal static class TrainerPipeline
{
    /// <summary>The trainers each task accepts.</summary>
    public static IReadOnlyDictionary<string, string[]> Trainers { get; } = new Dictionary<string, string[]>
    {
        ["binary"] = ["sdca", "lbfgs", "fasttree", "lightgbm"],
        ["multiclass"] = ["sdca", "lbfgs", "lightgbm"],
        ["regression"] = ["sdca", "fasttree", "lightgbm"],
        ["clustering"] = ["kmeans"],
    };

    /// <summary>True for the trainers whose model is a weight per feature (residual degrees of freedom apply).</summary>
    public static bool IsLinear(string trainer) => trainer is "sdca" or "lbfgs";

    /// <summary>True for the tree-ensemble trainers (leaf sizes apply).</summary>
    public static bool IsTrees(string trainer) => trainer is "fasttree" or "lightgbm";

    /// <summary>The estimator and the hyper-parameters it was given (defaults filled in), for metrics.json.</summary>
    public static (IEstimator<ITransformer> Estimator, IReadOnlyDictionary<string, double> Used) Build(
        MLContext ml, MlJob job, IReadOnlyList<ModelFeature> columns, int threads)
    {
        var p = new Parameters(job.Parameters);
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        foreach (var text in columns.Where(c => c.Kind == "categorical"))
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(text.Name));
        }
        pipeline = pipeline.Append(ml.Transforms.Concatenate("Features", [.. columns.Select(c => c.Name)]));
        pipeline = pipeline.Append(ml.Transforms.ReplaceMissingValues("Features"));
        if (IsLinear(job.Trainer) || job.Trainer == "kmeans") pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
        if (job.Task == "multiclass") pipeline = pipeline.Append(ml.Transforms.Conversion.MapValueToKey(TrainingTable.LabelColumn));

        const string label = TrainingTable.LabelColumn;
        IEstimator<ITransformer> trainer = (job.Task, job.Trainer) switch
        {
            ("binary", "sdca") => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, MaximumNumberOfIterations = p.Int("iterations", 100), L2Regularization = p.Single("l2", 0.001f) }),
            ("binary", "lbfgs") => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, MaximumNumberOfIterations = p.Int("iterations", 100), L2Regularization = p.Single("l2", 1f) }),
            ("binary", "fasttree") => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, NumberOfLeaves = p.Int("leaves", 20), NumberOfTrees = p.Int("trees", 100), MinimumExampleCountPerLeaf = p.Int("min-leaf", 10), LearningRate = p.Double("learning-rate", 0.2), Seed = job.Seed }),
            ("binary", "lightgbm") => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, NumberOfLeaves = p.Int("leaves", 20), NumberOfIterations = p.Int("trees", 100), MinimumExampleCountPerLeaf = p.Int("min-leaf", 10), LearningRate = p.Double("learning-rate", 0.2), Seed = job.Seed, Silent = true }),
            ("multiclass", "sdca") => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, MaximumNumberOfIterations = p.Int("iterations", 100) }),
            ("multiclass", "lbfgs") => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, MaximumNumberOfIterations = p.Int("iterations", 100), L2Regularization = p.Single("l2", 1f) }),
            ("multiclass", "lightgbm") => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, NumberOfLeaves = p.Int("leaves", 20), NumberOfIterations = p.Int("trees", 100), MinimumExampleCountPerLeaf = p.Int("min-leaf", 10), LearningRate = p.Double("learning-rate", 0.2), Seed = job.Seed, Silent = true }),
            ("regression", "sdca") => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, MaximumNumberOfIterations = p.Int("iterations", 100) }),
            ("regression", "fasttree") => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, NumberOfLeaves = p.Int("leaves", 20), NumberOfTrees = p.Int("trees", 100), MinimumExampleCountPerLeaf = p.Int("min-leaf", 10), LearningRate = p.Double("learning-rate", 0.2), Seed = job.Seed }),
            ("regression", "lightgbm") => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            { LabelColumnName = label, NumberOfThreads = threads, NumberOfLeaves = p.Int("leaves", 20), NumberOfIterations = p.Int("trees", 100), MinimumExampleCountPerLeaf = p.Int("min-leaf", 10), LearningRate = p.Double("learning-rate", 0.2), Seed = job.Seed, Silent = true }),
            ("clustering", "kmeans") => ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
            { NumberOfThreads = threads, NumberOfClusters = p.Int("clusters", 5), MaximumNumberOfIterations = p.Int("iterations", 100) }),
            _ => throw new MlInputException($"trainer: '{job.Trainer}' does not train a {job.Task} model (use {string.Join(", ", Trainers.GetValueOrDefault(job.Task, []))})"),
        };
        p.RefuseUnused(job.Trainer);
        return (pipeline.Append(trainer), p.Used);
    }

    /// <summary>The job's hyper-parameters, read once each; a name no trainer option read is bad input.</summary>
    private sealed class Parameters(IReadOnlyDictionary<string, double> given)
    {
        public Dictionary<string, double> Used { get; } = new(StringComparer.Ordinal);

        public int Int(string name, int fallback)
        {
            var value = given.TryGetValue(name, out var v) ? v : fallback;
            if (value < 1 || value > 1_000_000 || value != Math.Floor(value)) throw new MlInputException($"parameters.{name}: expected a whole number from 1 to 1000000, found {value}");
            Used[name] = value;
            return (int)value;
        }

        public double Double(string name, double fallback)
        {
            var value = given.TryGetValue(name, out var v) ? v : fallback;
            if (!(value > 0 && value <= 1000)) throw new MlInputException($"parameters.{name}: expected a positive number up to 1000, found {value}");
            Used[name] = value;
            return value;
        }

        public float Single(string name, float fallback) => (float)Double(name, fallback);

        public void RefuseUnused(string trainer)
        {
            if (given.Keys.FirstOrDefault(k => !Used.ContainsKey(k)) is { } unused)
            {
                throw new MlInputException($"parameters.{unused}: not a parameter of {trainer} (it takes {string.Join(", ", Used.Keys)})");
            }
        }
    }
}
