namespace Sandbox.Policy.Jobs;

/// <summary>The tasks an ml job may declare, and the trainers each accepts.</summary>
public static class MlTasks
{
    /// <summary>Task → trainers.</summary>
    public static IReadOnlyDictionary<string, string[]> Trainers { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["binary"] = ["sdca", "lbfgs", "fasttree", "lightgbm"],
        ["multiclass"] = ["sdca", "lbfgs", "lightgbm"],
        ["regression"] = ["sdca", "fasttree", "lightgbm"],
        ["clustering"] = ["kmeans"],
    };

    /// <summary>Hyper-parameters a job may set; each trainer reads its own (the runner refuses one it does not read).</summary>
    public static IReadOnlyList<string> Parameters { get; } = ["leaves", "trees", "min-leaf", "learning-rate", "iterations", "l2", "clusters"];
}
