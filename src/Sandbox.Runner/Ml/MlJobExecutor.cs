using System.Security.Cryptography;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sandbox.Contracts;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Ml;

/// <summary>
/// Trains one model with ML.NET on the job's locked workspace and writes <c>model.zip</c>, <c>metrics.json</c> and
/// <c>model-card.md</c>, plus the export gate's evidence <c>model.zip.evidence.json</c> (not an output). Used in-process
/// by the host and inside the runner image.
/// </summary>
public static class MlJobExecutor
{
    /// <summary>The output names of a training job.</summary>
    public const string ModelFile = "model.zip", MetricsFile = "metrics.json", CardFile = "model-card.md";

    /// <summary>The output of a scoring job (<c>predictions.csv</c>).</summary>
    public const string PredictionsOutput = ModelScoring.Output;

    /// <summary>The evidence file beside the model.</summary>
    public const string EvidenceFile = ModelFile + ModelEvidence.Suffix;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Opens the workspace database read-only and locked, then trains or scores (the container's way in).</summary>
    public static SqlJobResult Run(string workspaceDatabase, MlJob job, string outputDirectory, SqlJobLimits limits, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? subjects = null, IReadOnlySet<string>? uniqueSubjects = null)
    {
        using var connection = LockedWorkspace.Open(workspaceDatabase, limits.MemoryBytes, limits.Threads);
        return Run(connection, job, outputDirectory, limits, cancellationToken, subjects, uniqueSubjects);
    }

    /// <summary>
    /// Trains (or, with <see cref="MlJob.Predict"/>, scores: <see cref="ModelScoring"/>) on a connection the caller
    /// opened and locked; the first failure or limit ends the job. <paramref name="subjects"/> maps each table to its
    /// subject column: features that are subject identifiers are named in the evidence, predictions get theirs.
    /// </summary>
    public static SqlJobResult Run(DuckDBConnection connection, MlJob job, string outputDirectory, SqlJobLimits limits, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? subjects = null, IReadOnlySet<string>? uniqueSubjects = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        if (job.Predict is { } prediction)
        {
            return ModelScoring.Run(connection, job, prediction, outputDirectory, limits, cancellationToken, subjects, uniqueSubjects);
        }
        Directory.CreateDirectory(outputDirectory);
        IReadOnlyCollection<string> subjectColumns = subjects is null ? [] : [.. subjects.Values];
        using var deadline = new CancellationTokenSource(limits.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var ml = new MLContext(job.Seed);
        // ML.NET checks its context between steps and iterations: cancelling it stops a trainer at the deadline.
        using var stop = linked.Token.Register(() => Cancel(ml));
        try
        {
            // 1. The training rows, through the job's own DuckDB, within its memory.
            var (frame, columns) = TrainingTable.Read(connection, job, limits.MemoryBytes, subjectColumns, linked.Token);
            // 2. A seeded split: the same job on the same data holds out the same rows.
            var (train, holdout) = Split(frame, job.Holdout, job.Seed);
            if (train.Rows.Count == 0) return new SqlJobResult(SqlJobOutcome.Failed, "the training query returned no rows", []);
            // 3. Fit on the job's threads.
            var (estimator, used) = TrainerPipeline.Build(ml, job, columns, limits.Threads);
            var model = estimator.Fit(train);
            linked.Token.ThrowIfCancellationRequested();
            // 4. Measure, and write the outputs.
            var onTrain = ModelEvaluation.Of(ml, job.Task, model, train);
            var onHoldout = ModelEvaluation.Of(ml, job.Task, model, holdout);
            return Write(ml, job, model, train, holdout.Rows.Count, columns, used, onTrain, onHoldout, outputDirectory, limits);
        }
        // Once stopped, whatever a trainer throws (OperationCanceledException, often inside an AggregateException from its
        // parallel loops) means the same: the deadline or the caller stopped it.
        catch (Exception) when (linked.IsCancellationRequested)
        {
            Cleanup(outputDirectory);
            return deadline.IsCancellationRequested
                ? new SqlJobResult(SqlJobOutcome.Killed, $"training exceeded the time limit of {limits.Timeout.TotalSeconds:0.###}s and was stopped", [])
                : new SqlJobResult(SqlJobOutcome.Cancelled, "job cancelled during training", []);
        }
        catch (MlLimitException ex)
        {
            Cleanup(outputDirectory);
            return new SqlJobResult(SqlJobOutcome.Killed, ex.Message, []);
        }
        catch (OutputLimitException ex)
        {
            Cleanup(outputDirectory);
            return new SqlJobResult(SqlJobOutcome.Killed, ex.Message, []);
        }
        catch (MlInputException ex)
        {
            return new SqlJobResult(SqlJobOutcome.Failed, ex.Message, []);
        }
        catch (DuckDBException ex)
        {
            return new SqlJobResult(SqlJobOutcome.Failed, $"training query: {QueryErrors.Describe(ex)}", []);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // ML.NET's own refusals (one class only, too few rows for a cluster count) name an option, never a value.
            return new SqlJobResult(SqlJobOutcome.Failed, $"training failed: {ex.Message.Split('\n')[0]}", []);
        }
    }

    private static (DataFrame Train, DataFrame Holdout) Split(DataFrame frame, double holdout, int seed)
    {
        var random = new Random(seed);
        var isHoldout = new PrimitiveDataFrameColumn<bool>("holdout", frame.Rows.Count);
        var isTrain = new PrimitiveDataFrameColumn<bool>("train", frame.Rows.Count);
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var held = random.NextDouble() < holdout;
            isHoldout[i] = held;
            isTrain[i] = !held;
        }
        return (frame.Filter(isTrain), frame.Filter(isHoldout));
    }

    private static SqlJobResult Write(MLContext ml, MlJob job, ITransformer model, DataFrame train, long holdoutRows, IReadOnlyList<ModelFeature> columns,
        IReadOnlyDictionary<string, double> used, ModelEvaluation onTrain, ModelEvaluation onHoldout, string directory, SqlJobLimits limits)
    {
        var modelPath = Path.Combine(directory, ModelFile);
        WriteAtomically(modelPath, stream => ml.Model.Save(model, ((IDataView)train).Schema, stream));
        string sha;
        using (var stream = File.OpenRead(modelPath)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));

        var family = TrainerPipeline.IsLinear(job.Trainer) ? "linear" : TrainerPipeline.IsTrees(job.Trainer) ? "trees" : "clustering";
        var slots = model.Transform(train).Schema["Features"].Type is VectorDataViewType v ? v.Size : columns.Count;
        var classes = RowsPerClass(job.Task, train);
        var facts = new ModelEvidence
        {
            Task = job.Task,
            Trainer = job.Trainer,
            Family = family,
            TrainingRows = train.Rows.Count,
            HoldoutRows = holdoutRows,
            RowsPerClass = classes,
            Parameters = family == "linear" ? (slots + 1L) * (job.Task == "multiclass" ? Math.Max(classes.Count, 1) : 1) : 0,
            LeafRows = TreeLeaves.Count(model, train) ?? [],
            Features = columns,
            LossName = onTrain.LossName,
            TrainLoss = onTrain.Loss,
            HoldoutLoss = onHoldout.Loss,
            TrainConfidence = onTrain.Confidence,
            HoldoutConfidence = onHoldout.Confidence,
            ModelSha256 = sha,
        };
        var metrics = new
        {
            task = job.Task,
            trainer = job.Trainer,
            hyperParameters = used,
            seed = job.Seed,
            holdout = job.Holdout,
            label = job.Label,
            features = columns.Select(c => new { c.Name, c.Kind }),
            rows = new { training = facts.TrainingRows, holdout = holdoutRows, perClass = classes },
            training = onTrain.Metrics,
            holdoutMetrics = onHoldout.Metrics,
            membership = new { loss = onTrain.LossName, train = onTrain.Loss, holdoutLoss = onHoldout.Loss, trainConfidence = onTrain.Confidence, holdoutConfidence = onHoldout.Confidence },
            modelSha256 = sha,
        };
        var metricsPath = Path.Combine(directory, MetricsFile);
        WriteAtomically(metricsPath, s => JsonSerializer.Serialize(s, metrics, Json));
        var cardPath = Path.Combine(directory, CardFile);
        WriteAtomically(cardPath, s => { using var w = new StreamWriter(s); w.Write(ModelCard.Render(job, facts, used, onTrain, onHoldout)); });
        WriteAtomically(Path.Combine(directory, EvidenceFile), s => JsonSerializer.Serialize(s, facts, ContractJson.Default.ModelEvidence));

        var outputs = new[] { (ModelFile, modelPath), (MetricsFile, metricsPath), (CardFile, cardPath) }
            .Select(o => new SqlOutput(o.Item1, o.Item2, o.Item1 == ModelFile ? facts.TrainingRows : 0, new FileInfo(o.Item2).Length)).ToList();
        if (outputs.Sum(o => o.Bytes) > limits.OutputBytes)
        {
            throw new MlLimitException($"the model and its reports ({outputs.Sum(o => o.Bytes)} bytes) exceed the output limit of {limits.OutputBytes} bytes");
        }
        return new SqlJobResult(SqlJobOutcome.Succeeded, null, outputs);
    }

    private static List<long> RowsPerClass(string task, DataFrame train)
    {
        if (task is not ("binary" or "multiclass")) return [];
        var column = train[TrainingTable.LabelColumn];
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (long i = 0; i < column.Length; i++)
        {
            var key = Convert.ToString(column[i], System.Globalization.CultureInfo.InvariantCulture) ?? "";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return [.. counts.Values];
    }

    // ML.NET's MLContext can stop every host it made (CancelExecution: each trainer throws OperationCanceledException at
    // its next check) but keeps that method internal; without it a trainer could not be stopped at the job's deadline.
    // Looked up once by name; an ML.NET without it fails loudly at the first job rather than running without a deadline.
    private static readonly System.Reflection.MethodInfo CancelMethod =
        typeof(MLContext).GetMethod("CancelExecution", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public, [])
        ?? throw new InvalidOperationException("this ML.NET has no MLContext.CancelExecution: training could not be stopped at its deadline");

    /// <summary>Stops every trainer and transform the context made, at its next check.</summary>
    internal static void Cancel(MLContext ml) => CancelMethod.Invoke(ml, null);

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".partial";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None)) write(stream);
        File.Move(temp, path, overwrite: true);
    }

    private static void Cleanup(string directory)
    {
        foreach (var name in (string[])[ModelFile, MetricsFile, CardFile, EvidenceFile])
        {
            File.Delete(Path.Combine(directory, name));
            File.Delete(Path.Combine(directory, name + ".partial"));
        }
    }
}
