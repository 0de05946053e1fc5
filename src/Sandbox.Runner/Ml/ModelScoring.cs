using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Ml;

/// <summary>
/// Applies a released model to the rows of an admitted scoring query and writes <c>predictions.csv</c>: the query's
/// columns, then the model's (<c>predicted</c>, and <c>probability</c> for a binary model; <c>cluster</c> for
/// clustering), with the export gate's evidence beside it, so predictions leave only as any table would. The model's
/// bytes are read once, checked against the released SHA-256 and loaded from those very bytes. Rows are scored in
/// batches, so memory stays bounded whatever the query returns.
/// </summary>
internal static class ModelScoring
{
    /// <summary>The output's name and file.</summary>
    public const string Output = "predictions", OutputFile = Output + ".csv";

    /// <summary>The largest model file read (a released model is a product, not a data set).</summary>
    private const long MaxModelBytes = 256L << 20;

    private const int BatchRows = 8192;

    public static SqlJobResult Run(DuckDBConnection connection, MlJob job, MlPrediction prediction, string outputDirectory, SqlJobLimits limits,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? subjects, IReadOnlySet<string>? uniqueSubjects)
    {
        Directory.CreateDirectory(outputDirectory);
        var (bytes, refused) = Model(prediction);
        if (bytes is null) return Failed(refused!);

        using var deadline = new CancellationTokenSource(limits.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var ml = new MLContext(job.Seed);
        using var stop = linked.Token.Register(() => MlJobExecutor.Cancel(ml));
        var path = Path.Combine(outputDirectory, OutputFile);
        var temp = path + ".partial";
        try
        {
            ITransformer model;
            DataViewSchema input;
            using (var stream = new MemoryStream(bytes, writable: false)) model = ml.Model.Load(stream, out input);

            long rows;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = job.Query;
                using var registration = linked.Token.Register(command.Cancel);
                using var reader = command.ExecuteReader();
                using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None);
                rows = Score(ml, model, input, job, reader, file, limits.OutputBytes, linked.Token);
            }
            File.Move(temp, path, overwrite: true);
            if (subjects is not null)
            {
                EvidenceWriter.Write(connection, Output, job.Query, path, subjects, linked.Token, uniqueSubjects, derivedColumns: PredictionColumns(job.Task).Length);
            }
            return new SqlJobResult(SqlJobOutcome.Succeeded, null, [new SqlOutput(Output, path, rows, new FileInfo(path).Length)]);
        }
        catch (Exception) when (linked.IsCancellationRequested)
        {
            Cleanup(path, temp);
            return deadline.IsCancellationRequested
                ? new SqlJobResult(SqlJobOutcome.Killed, $"scoring exceeded the time limit of {limits.Timeout.TotalSeconds:0.###}s and was stopped", [])
                : new SqlJobResult(SqlJobOutcome.Cancelled, "job cancelled during scoring", []);
        }
        catch (OutputLimitException ex)
        {
            Cleanup(path, temp);
            return new SqlJobResult(SqlJobOutcome.Killed, $"{Output}: {ex.Message}", []);
        }
        catch (MlInputException ex)
        {
            Cleanup(path, temp);
            return Failed(ex.Message);
        }
        catch (DuckDBException ex)
        {
            Cleanup(path, temp);
            return Failed($"scoring query: {QueryErrors.Describe(ex)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidDataException)
        {
            // ML.NET's refusals of a model it cannot read or apply name a column or a type, never a value.
            Cleanup(path, temp);
            return Failed($"predict: the model of export {prediction.ExportId} could not be applied: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The columns a model of <paramref name="task"/> adds after the query's.</summary>
    public static string[] PredictionColumns(string task) => task switch
    {
        "binary" => ["predicted", "probability"],
        "clustering" => ["cluster"],
        _ => ["predicted"],
    };

    private static (byte[]? Bytes, string? Refusal) Model(MlPrediction prediction)
    {
        var file = new FileInfo(prediction.Model);
        if (!file.Exists) return (null, $"predict: the model of export {prediction.ExportId} is not in the job's workspace");
        if (file.Length > MaxModelBytes) return (null, $"predict: the model of export {prediction.ExportId} is larger than {MaxModelBytes >> 20} MiB");
        var bytes = File.ReadAllBytes(file.FullName);
        return string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), prediction.ModelSha256, StringComparison.OrdinalIgnoreCase)
            ? (bytes, null)
            : (null, $"predict: the model file is not the one export {prediction.ExportId} released (its SHA-256 differs); it was not applied");
    }

    private static long Score(MLContext ml, ITransformer model, DataViewSchema input, MlJob job, System.Data.Common.DbDataReader reader, Stream destination, long maxBytes, CancellationToken token)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++) ordinals.TryAdd(reader.GetName(i), i);
        var added = PredictionColumns(job.Task);
        if (added.FirstOrDefault(ordinals.ContainsKey) is { } clash)
        {
            throw new MlInputException($"query: the scoring query has a column '{clash}', a name the predictions take; rename it");
        }
        var features = job.Features.Select(name => Feature(name, ordinals, input, reader)).ToList();

        using var counting = new LimitedStream(destination, maxBytes);
        using var writer = new StreamWriter(counting, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        writer.Write(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => CsvWriter.Field(reader.GetName(i))).Concat(added)));
        writer.Write('\n');

        var cells = new List<string?[]>(BatchRows);
        long rows = 0;
        while (true)
        {
            var more = reader.Read();
            if (more)
            {
                token.ThrowIfCancellationRequested();
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : CsvWriter.Format(reader.GetValue(i));
                cells.Add(row);
                foreach (var f in features) f.Add(reader);
            }
            if (cells.Count == BatchRows || (!more && cells.Count > 0))
            {
                var predicted = Predict(ml, model, input, job.Task, features, cells.Count);
                for (var r = 0; r < cells.Count; r++)
                {
                    writer.Write(string.Join(',', cells[r].Select(c => c is null ? "" : CsvWriter.Field(c)).Concat(predicted[r])));
                    writer.Write('\n');
                }
                rows += cells.Count;
                cells.Clear();
                foreach (var f in features) f.Clear();
            }
            if (!more) break;
        }
        writer.Flush();
        return rows;
    }

    private static string[][] Predict(MLContext ml, ITransformer model, DataViewSchema input, string task, List<FeatureColumn> features, int count)
    {
        var frame = new DataFrame();
        foreach (var f in features) frame.Columns.Add(f.Column());
        // The training frame's label column is part of the model's input schema (a multiclass model keys it); scoring
        // has no label, so it gets an empty one of the same type, which no prediction reads.
        if (input.GetColumnOrNull(TrainingTable.LabelColumn) is { } label)
        {
            frame.Columns.Add(label.Type switch
            {
                BooleanDataViewType => new BooleanDataFrameColumn(label.Name, count),
                TextDataViewType => new StringDataFrameColumn(label.Name, count),
                _ => new SingleDataFrameColumn(label.Name, count),
            });
        }
        var scored = model.Transform(frame);
        var result = new string[count][];
        switch (task)
        {
            case "binary":
                {
                    var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
                    var probabilities = scored.GetColumn<float>("Probability").ToArray();
                    for (var r = 0; r < count; r++) result[r] = [labels[r] ? "true" : "false", Number(probabilities[r])];
                    break;
                }
            case "multiclass":
                {
                    // The predicted key back to the class it stands for.
                    var named = ml.Transforms.Conversion.MapKeyToValue("PredictedClass", "PredictedLabel").Fit(scored).Transform(scored);
                    var classes = named.GetColumn<ReadOnlyMemory<char>>("PredictedClass").ToArray();
                    for (var r = 0; r < count; r++) result[r] = [CsvWriter.Field(classes[r].ToString())];
                    break;
                }
            case "clustering":
                {
                    var clusters = scored.GetColumn<uint>("PredictedLabel").ToArray();
                    for (var r = 0; r < count; r++) result[r] = [clusters[r].ToString(CultureInfo.InvariantCulture)];
                    break;
                }
            default:
                {
                    var scores = scored.GetColumn<float>("Score").ToArray();
                    for (var r = 0; r < count; r++) result[r] = [Number(scores[r])];
                    break;
                }
        }
        return result;
    }

    private static FeatureColumn Feature(string name, Dictionary<string, int> ordinals, DataViewSchema input, System.Data.Common.DbDataReader reader)
    {
        if (!ordinals.TryGetValue(name, out var ordinal))
        {
            throw new MlInputException($"query: the model reads feature '{name}', which the scoring query does not return (columns: {string.Join(", ", ordinals.Keys)})");
        }
        var wantsText = input.GetColumnOrNull(name)?.Type is TextDataViewType;
        var isText = reader.GetFieldType(ordinal) == typeof(string);
        if (wantsText != isText)
        {
            throw new MlInputException($"query: feature '{name}' is {(isText ? "text" : "a number")} in the scoring query but {(wantsText ? "text" : "a number")} in the model");
        }
        return new FeatureColumn(name, ordinal, isText);
    }

    private static string Number(float value) => float.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    private static SqlJobResult Failed(string reason) => new(SqlJobOutcome.Failed, reason, []);

    private static void Cleanup(string path, string temp)
    {
        File.Delete(path);
        File.Delete(temp);
    }

    /// <summary>One feature's values of the current batch, typed as the model was trained (numbers as float, text as string).</summary>
    private sealed class FeatureColumn(string name, int ordinal, bool text)
    {
        private readonly List<float> _numbers = [];
        private readonly List<string> _texts = [];

        public void Add(System.Data.Common.DbDataReader reader)
        {
            if (text) _texts.Add(reader.IsDBNull(ordinal) ? "" : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "");
            else _numbers.Add(reader.IsDBNull(ordinal) ? float.NaN : Convert.ToSingle(reader.GetValue(ordinal), CultureInfo.InvariantCulture));
        }

        public void Clear()
        {
            _numbers.Clear();
            _texts.Clear();
        }

        public DataFrameColumn Column() => text ? new StringDataFrameColumn(name, _texts) : new SingleDataFrameColumn(name, _numbers);
    }
}
