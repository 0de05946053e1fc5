using System.Globalization;
using Sandbox.Documents;

namespace Sandbox.Policy.Jobs;

/// <summary>Reads the <c>kind: ml</c> part of a job file; every problem is an error naming its field and line.</summary>
internal static partial class MlSpecReader
{
    private static readonly string[] Keys = ["task", "query", "label", "features", "trainer", "parameters", "holdout", "seed", "predict"];

    /// <summary>The ml part, or null for another kind (whose file may not carry ml keys) or when an error was recorded.</summary>
    public static MlSpec? Read(MappingReader doc, string? kind)
    {
        if (kind != JobKinds.Ml)
        {
            foreach (var key in Keys)
            {
                if (kind is not null && doc.Value(key, false) is { } node) doc.Errors.Add(node, key, key == "query" && kind == JobKinds.Sql ? "applies only to ml jobs (did you mean 'queries'? a sql job names each query under queries:)" : "applies only to ml jobs");
            }
            return null;
        }

        var errors = doc.Errors.Count;
        var predict = doc.String("predict", required: false);
        var task = doc.String("task", required: predict is null);
        if (task is not null && !MlTasks.Trainers.ContainsKey(task))
        {
            doc.Errors.Add(doc.Value("task", false)!, "task", $"expected {string.Join(", ", MlTasks.Trainers.Keys)}, found '{task}'");
        }
        var query = doc.String("query", required: true);
        if (query is not null && string.IsNullOrWhiteSpace(query)) doc.Errors.Add(doc.Value("query", false)!, "query", "the query is empty");
        var trainer = doc.String("trainer", required: predict is null);
        if (trainer is not null && task is not null && MlTasks.Trainers.TryGetValue(task, out var trainers) && !trainers.Contains(trainer))
        {
            doc.Errors.Add(doc.Value("trainer", false)!, "trainer", $"a {task} model is trained by {string.Join(", ", trainers)}, not '{trainer}'");
        }
        var label = doc.String("label", required: predict is null && task is not null and not "clustering");
        if (label is not null && task == "clustering") doc.Errors.Add(doc.Value("label", false)!, "label", "a clustering model has no label");
        var features = doc.StringList("features", required: predict is null)?.Select(c => c.Value!).ToList() ?? [];
        if (predict is null && doc.Value("features", false) is { } listed)
        {
            if (features.Count == 0) doc.Errors.Add(listed, "features", "name at least one feature column");
            if (features.GroupBy(f => f, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                doc.Errors.Add(listed, "features", $"'{twice.Key}' is named twice");
            }
            if (label is not null && features.Contains(label, StringComparer.OrdinalIgnoreCase)) doc.Errors.Add(listed, "features", $"'{label}' is the label; a label cannot be a feature");
        }

        var parameters = ReadParameters(doc);
        var holdout = Number(doc, "holdout", 0.2, v => v is >= 0 and <= 0.5, "a share from 0 to 0.5 such as 0.2");
        var seed = Number(doc, "seed", 1, v => v >= 0 && v <= int.MaxValue && v == Math.Floor(v), "a whole number from 0 to 2147483647");
        if (predict is not null)
        {
            // The released model fixes its task and features; a predict job names only the model and the rows to score.
            foreach (var key in new[] { "task", "features", "trainer", "label", "parameters", "holdout", "seed" })
            {
                if (doc.Value(key, false) is { } node) doc.Errors.Add(node, key, "a predict job applies a released model as it is (its task and features are the model's); it trains nothing");
            }
            if (!PredictId().IsMatch(predict)) doc.Errors.Add(doc.Value("predict", false)!, "predict", $"expected the id of the export that released the model (exp-…), found '{predict}'");
        }
        if (doc.Errors.Count > errors) return null;
        return new MlSpec
        {
            Task = task ?? "",
            Query = query!,
            QueryLine = DocumentErrors.LineOf(doc.Value("query", false)!),
            Label = label,
            Features = features,
            Trainer = trainer ?? "",
            Parameters = parameters,
            Holdout = holdout,
            Seed = (int)seed,
            Predict = predict,
        };
    }

    private static Dictionary<string, double> ReadParameters(MappingReader doc)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (doc.Reader("parameters", required: false, [.. MlTasks.Parameters]) is not { } map) return result;
        foreach (var name in MlTasks.Parameters)
        {
            if (map.String(name, required: false) is not { } text) continue;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0)
            {
                result[name] = value;
            }
            else
            {
                doc.Errors.Add(map.Value(name, false)!, map.PathOf(name), $"expected a positive number, found '{text}'");
            }
        }
        return result;
    }

    private static double Number(MappingReader doc, string key, double fallback, Func<double, bool> valid, string expected)
    {
        if (doc.String(key, required: false) is not { } text) return fallback;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value)) return value;
        doc.Errors.Add(doc.Value(key, false)!, key, $"expected {expected}, found '{text}'");
        return fallback;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex PredictId();
}
