using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Ml;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Ml;

public sealed class MlJobExecutorTests : IDisposable
{
    private readonly TrainingDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static MlJob Job(string task = "binary", string trainer = "sdca", string? label = "defaulted", string[]? features = null,
        Dictionary<string, double>? parameters = null, string query = "select * from people", int seed = 7) =>
        new(task, query, label, features ?? ["age", "income", "district"], trainer, parameters ?? [], 0.25, seed);

    private SqlJobResult Run(MlJob job, double seconds = 120) => MlJobExecutor.Run(_db.Connection, job, _db.Output, TrainingDatabase.Limits(seconds), CancellationToken.None, Subjects);

    private static readonly Dictionary<string, string> Subjects = new() { ["people"] = "person_id" };

    // Read through the contract the export gate reads it with.
    private ModelEvidence Facts() =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(_db.Output, MlJobExecutor.EvidenceFile)), ContractJson.Default.ModelEvidence)!;

    [Fact]
    public void Run_LogisticRegression_WritesModelMetricsAndCard()
    {
        var result = Run(Job());

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        Assert.Equal(["model.zip", "metrics.json", "model-card.md"], result.Outputs.Select(o => o.Name));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(_db.Output, "metrics.json")));
        var root = metrics.RootElement;
        Assert.Equal("sdca", root.GetProperty("trainer").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(2000, root.GetProperty("rows").GetProperty("training").GetInt64() + root.GetProperty("rows").GetProperty("holdout").GetInt64());
        Assert.True(root.GetProperty("holdoutMetrics").GetProperty("accuracy").GetDouble() > 0.8, "age > 45 with 10% noise is learnable");
        var facts = Facts();
        Assert.Equal("linear", facts.Family);
        // age, income and five one-hot districts, plus the bias.
        Assert.Equal(8, facts.Parameters);
        Assert.Equal(facts.TrainingRows, facts.RowsPerClass.Sum());
        Assert.Contains("## Disclosure evidence", File.ReadAllText(Path.Combine(_db.Output, "model-card.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SameSeed_SameSplitAndModel()
    {
        Run(Job(trainer: "fasttree"));
        var first = Facts();
        Directory.Delete(_db.Output, recursive: true);
        Run(Job(trainer: "fasttree"));
        var second = Facts();

        Assert.Equal(first.TrainingRows, second.TrainingRows);
        Assert.Equal(first.LeafRows, second.LeafRows);
        Assert.Equal(first.TrainLoss, second.TrainLoss);
    }

    [Fact]
    public void Run_FastTree_CountsEveryTrainingRowInOneLeafOfEveryTree()
    {
        var result = Run(Job(trainer: "fasttree", parameters: new() { ["trees"] = 5, ["leaves"] = 8 }));

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        var facts = Facts();
        Assert.Equal("trees", facts.Family);
        Assert.True(facts.LeafRows.Count is > 5 and <= 40);
        // Five trees: each training row lands in exactly one leaf of each.
        Assert.Equal(5 * facts.TrainingRows, facts.LeafRows.Sum());
        // min-leaf defaults to 10, and that is what the trees were grown with.
        Assert.True(facts.LeafRows.Where(r => r > 0).Min() >= 10);
    }

    [Fact]
    public void Run_OverfitTreesOnNoise_ShowTinyLeavesAndAConfidenceGap()
    {
        var result = Run(Job(trainer: "fasttree", label: "coin", features: ["age", "income"],
            parameters: new() { ["trees"] = 200, ["leaves"] = 64, ["min-leaf"] = 1, ["learning-rate"] = 0.5 }));

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        var facts = Facts();
        Assert.Contains(facts.LeafRows, r => r is > 0 and < 3);
        Assert.True(facts.TrainConfidence - facts.HoldoutConfidence > 0.2, $"train {facts.TrainConfidence}, holdout {facts.HoldoutConfidence}");
        Assert.True(facts.HoldoutLoss > facts.TrainLoss * 2);
    }

    [Fact]
    public void Run_TokenAndSubjectFeatures_AreMarkedSo()
    {
        var result = Run(Job(trainer: "lbfgs", features: ["age", "holder_token", "person_id"]));

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        var features = Facts().Features.ToDictionary(f => f.Name);
        Assert.True(features["holder_token"].TokenLike);
        Assert.Equal("categorical", features["holder_token"].Kind);
        Assert.True(features["person_id"].SubjectColumn);
        Assert.False(features["age"].TokenLike || features["age"].SubjectColumn);
    }

    [Theory]
    [InlineData("binary", "lightgbm", "defaulted")]
    [InlineData("multiclass", "sdca", "band")]
    [InlineData("multiclass", "lbfgs", "band")]
    [InlineData("multiclass", "lightgbm", "band")]
    [InlineData("regression", "sdca", "income")]
    [InlineData("regression", "fasttree", "income")]
    [InlineData("regression", "lightgbm", "income")]
    [InlineData("clustering", "kmeans", null)]
    public void Run_EveryTaskAndTrainer_Trains(string task, string trainer, string? label)
    {
        var result = Run(Job(task, trainer, label, task == "regression" ? ["age", "district"] : ["age", "income", "district"]));

        Assert.True(result.Outcome == SqlJobOutcome.Succeeded, result.Reason);
        Assert.True(new FileInfo(Path.Combine(_db.Output, "model.zip")).Length > 0);
    }

    [Fact]
    public void Run_MissingFeature_FailsNamingTheField()
    {
        var result = Run(Job(features: ["age", "salary"]));

        Assert.Equal(SqlJobOutcome.Failed, result.Outcome);
        Assert.StartsWith("features: the training query has no column 'salary'", result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Output, "model.zip")));
    }

    [Fact]
    public void Run_UnknownParameter_FailsNamingIt()
    {
        var result = Run(Job(parameters: new() { ["leaves"] = 4 }));

        Assert.Equal(SqlJobOutcome.Failed, result.Outcome);
        Assert.StartsWith("parameters.leaves: not a parameter of sdca", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PastTheDeadline_IsKilled()
    {
        var result = Run(Job(trainer: "fasttree", query: "select p.* from people p, range(40) r(k)", parameters: new() { ["trees"] = 2000 }), seconds: 1);

        Assert.Equal(SqlJobOutcome.Killed, result.Outcome);
        Assert.Contains("time limit", result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Output, "model.zip")));
    }

    [Fact]
    public void Run_PastTheMemoryLimit_IsKilled()
    {
        var limits = new SqlJobLimits(TimeSpan.FromMinutes(1), 1L << 20, 1, 64L << 20);

        var result = MlJobExecutor.Run(_db.Connection, Job(query: "select p.* from people p, range(10) r(k)"), _db.Output, limits, CancellationToken.None);

        Assert.Equal(SqlJobOutcome.Killed, result.Outcome);
        Assert.Contains("memory limit", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>Trains a model and moves it out of the output folder; returns its path and SHA-256.</summary>
    private (string Path, string Sha256) TrainedModel(string task = "binary", string trainer = "sdca", string? label = "defaulted", string[]? features = null)
    {
        Assert.Equal(SqlJobOutcome.Succeeded, Run(Job(task, trainer, label, features)).Outcome);
        var model = Path.Combine(Path.GetDirectoryName(_db.Output)!, Path.GetFileName(_db.Output) + "-released.zip");
        File.Move(Path.Combine(_db.Output, MlJobExecutor.ModelFile), model);
        Directory.Delete(_db.Output, recursive: true);
        return (model, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))));
    }

    private static MlJob Scoring(string task, string model, string sha, string query = "select district, age, income from people") =>
        new(task, query, null, ["age", "income", "district"], "", new Dictionary<string, double>(), 0, 7, new MlPrediction(model, sha, "exp-test"));

    [Theory]
    [InlineData("binary", "lbfgs", "defaulted", "district,age,income,predicted,probability")]
    [InlineData("multiclass", "lbfgs", "band", "district,age,income,predicted")]
    [InlineData("regression", "fasttree", "income", "district,age,income,predicted")]
    [InlineData("clustering", "kmeans", null, "district,age,income,cluster")]
    public void Predict_EachTask_WritesTheQueryRowsAndTheModelsColumns(string task, string trainer, string? label, string header)
    {
        // A regression on income does not read income as a feature: it is scored on what it was trained on.
        string[] features = label == "income" ? ["age", "district"] : ["age", "income", "district"];
        var (model, sha) = TrainedModel(task, trainer, label, features);
        var job = Scoring(task, model, sha) with { Features = features };

        var result = MlJobExecutor.Run(_db.Connection, job, _db.Output, TrainingDatabase.Limits(), CancellationToken.None, Subjects);

        Assert.True(result.Outcome == SqlJobOutcome.Succeeded, result.Reason);
        var lines = File.ReadAllLines(Path.Combine(_db.Output, "predictions.csv"));
        Assert.Equal(header, lines[0]);
        Assert.Equal(2000, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.False(l.EndsWith(',')));
        // A class is predicted by its name, as the label was given.
        if (task == "multiclass") Assert.All(lines.Skip(1), l => Assert.StartsWith("c", l.Split(',')[^1], StringComparison.Ordinal));
        // One row per person: the evidence says listing, with a role for every column, predictions included.
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(_db.Output, "predictions.evidence.json")));
        Assert.True(evidence.RootElement.GetProperty("listing").GetBoolean());
        Assert.Equal(header.Split(',').Length, evidence.RootElement.GetProperty("roles").GetArrayLength());
    }

    [Fact]
    public void Predict_AModelFileThatIsNotTheReleasedOne_IsNotLoaded()
    {
        var (model, sha) = TrainedModel();
        File.AppendAllText(model, "tampered");

        var result = MlJobExecutor.Run(_db.Connection, Scoring("binary", model, sha), _db.Output, TrainingDatabase.Limits(), CancellationToken.None, Subjects);

        Assert.Equal(SqlJobOutcome.Failed, result.Outcome);
        Assert.Contains("SHA-256 differs", result.Reason, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_db.Output, "predictions.csv")));
    }

    [Fact]
    public void Predict_AFeatureOfTheWrongKind_FailsNamingIt()
    {
        var (model, sha) = TrainedModel();

        var result = MlJobExecutor.Run(_db.Connection, Scoring("binary", model, sha, "select district, age::varchar as age, income from people"), _db.Output, TrainingDatabase.Limits(), CancellationToken.None, Subjects);

        Assert.Equal(SqlJobOutcome.Failed, result.Outcome);
        Assert.Equal("query: feature 'age' is text in the scoring query but a number in the model", result.Reason);
        Assert.False(File.Exists(Path.Combine(_db.Output, "predictions.csv")));
    }

    [Fact]
    public void Predict_PastTheOutputLimit_IsKilledAndLeavesNothing()
    {
        var (model, sha) = TrainedModel();
        var limits = TrainingDatabase.Limits() with { OutputBytes = 4096 };

        var result = MlJobExecutor.Run(_db.Connection, Scoring("binary", model, sha), _db.Output, limits, CancellationToken.None, Subjects);

        Assert.Equal(SqlJobOutcome.Killed, result.Outcome);
        Assert.Empty(Directory.GetFiles(_db.Output));
    }
}
