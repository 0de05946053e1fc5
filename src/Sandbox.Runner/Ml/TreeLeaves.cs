using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Sandbox.Runner.Ml;

/// <summary>
/// How many training rows reach each leaf of a trained tree ensemble, read from the ensemble itself
/// (<see cref="TreeEnsembleModelParametersBasedOnRegressionTree.TrainedTreeEnsemble"/>): every training row's
/// feature vector is walked down every tree. A leaf reached by few rows describes those few subjects.
/// </summary>
internal static class TreeLeaves
{
    /// <summary>The row count of every leaf of every tree, or null when the model is not a tree ensemble.</summary>
    public static IReadOnlyList<int>? Count(ITransformer model, IDataView training)
    {
        if (Ensemble(model) is not { } ensemble) return null;
        var counts = ensemble.Trees.Select(t => new int[t.NumberOfLeaves]).ToArray();
        var transformed = model.Transform(training);
        var column = transformed.Schema["Features"];
        // One cursor and one reused buffer: a row's vector is copied into `dense`, never allocated per row.
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var row = default(VBuffer<float>);
        var dense = Array.Empty<float>();
        while (cursor.MoveNext())
        {
            getter(ref row);
            if (dense.Length != row.Length) dense = new float[row.Length];
            row.CopyTo(dense);
            for (var t = 0; t < ensemble.Trees.Count; t++) counts[t][Leaf(ensemble.Trees[t], dense)]++;
        }
        return [.. counts.SelectMany(c => c)];
    }

    // ML.NET's trees: node n sends a row left when feature[split[n]] <= threshold[n]; a child < 0 is leaf ~child.
    private static int Leaf(RegressionTree tree, float[] features)
    {
        if (tree.NumberOfLeaves <= 1) return 0;
        var node = 0;
        while (node >= 0)
        {
            var value = features[tree.NumericalSplitFeatureIndexes[node]];
            node = value <= tree.NumericalSplitThresholds[node] ? tree.LeftChild[node] : tree.RightChild[node];
        }
        return ~node;
    }

    private static RegressionTreeEnsemble? Ensemble(ITransformer model)
    {
        var last = model is TransformerChain<ITransformer> chain ? chain.LastTransformer : model;
        var parameters = (last as ISingleFeaturePredictionTransformer<object>)?.Model;
        // Calibrated binary models wrap the ensemble: CalibratedModelParametersBase<TSubModel, TCalibrator>.SubModel.
        // (Looked up among all properties: a derived calibrated type re-declares SubModel, so a lookup by name is ambiguous.)
        if (parameters?.GetType().GetProperties().FirstOrDefault(p => p.Name == "SubModel")?.GetValue(parameters) is { } sub) parameters = sub;
        return (parameters as TreeEnsembleModelParametersBasedOnRegressionTree)?.TrainedTreeEnsemble;
    }
}
