using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;

namespace Sandbox.Runner.Ml;

/// <summary>
/// The training query's rows as a <see cref="DataFrame"/> (an ML.NET <c>IDataView</c>): numeric features as
/// <see cref="float"/>, text features as strings (one-hot encoded later), the label typed for the task. Read through
/// the job's own locked DuckDB connection, within the job's memory budget.
/// </summary>
internal static class TrainingTable
{
    /// <summary>Bytes a cell is counted for against the memory budget (a float and ML.NET's copies of it, roughly).</summary>
    private const long BytesPerCell = 24;

    /// <summary>The name the label column takes in the frame, whatever it was called in the query.</summary>
    public const string LabelColumn = "Label";

    /// <summary>Runs the query and reads its rows; throws <see cref="MlInputException"/> naming a missing or unusable column.</summary>
    public static (DataFrame Frame, IReadOnlyList<ModelFeature> Columns) Read(
        DuckDBConnection connection, MlJob job, long memoryBytes, IReadOnlyCollection<string> subjectColumns, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = job.Query;
        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();

        var ordinals = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reader.FieldCount; i++) ordinals.TryAdd(reader.GetName(i), i);
        int Ordinal(string column, string field) => ordinals.TryGetValue(column, out var o)
            ? o
            : throw new MlInputException($"{field}: the training query has no column '{column}' (columns: {string.Join(", ", ordinals.Keys)})");

        var features = job.Features.Select(f => (Name: f, Ordinal: Ordinal(f, "features"), Text: IsText(reader.GetFieldType(Ordinal(f, "features"))))).ToList();
        foreach (var f in features.Where(f => !f.Text && !IsNumeric(reader.GetFieldType(f.Ordinal))))
        {
            throw new MlInputException($"features: column '{f.Name}' is {reader.GetFieldType(f.Ordinal).Name}; a feature is a number, a boolean or text");
        }
        int? label = job.Label is null ? null : Ordinal(job.Label, "label");

        var numeric = features.Select(f => f.Text ? null : new List<float>()).ToList();
        var text = features.Select(f => f.Text ? new List<string>() : null).ToList();
        var distinct = features.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToList();
        var tokenLike = new bool[features.Count];
        var labels = new List<object?>();
        long budget = memoryBytes / 2, cells = features.Count + 1;
        long rows = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++rows * cells * BytesPerCell > budget)
            {
                throw new MlLimitException($"the training rows exceed the job's memory limit ({memoryBytes / (1 << 20)} MiB) after {rows - 1} rows");
            }
            for (var i = 0; i < features.Count; i++)
            {
                var o = features[i].Ordinal;
                if (features[i].Text)
                {
                    var value = reader.IsDBNull(o) ? "" : Convert.ToString(reader.GetValue(o), CultureInfo.InvariantCulture) ?? "";
                    text[i]!.Add(value);
                    if (distinct[i].Count <= 100_000) distinct[i].Add(value);
                    tokenLike[i] |= LooksLikeToken(value);
                }
                else
                {
                    var value = reader.IsDBNull(o) ? float.NaN : Convert.ToSingle(reader.GetValue(o), CultureInfo.InvariantCulture);
                    numeric[i]!.Add(value);
                    if (distinct[i].Count <= 100_000) distinct[i].Add(value.ToString("R", CultureInfo.InvariantCulture));
                }
            }
            if (label is int l) labels.Add(reader.IsDBNull(l) ? null : reader.GetValue(l));
        }

        var frame = new DataFrame();
        for (var i = 0; i < features.Count; i++)
        {
            frame.Columns.Add(features[i].Text
                ? new StringDataFrameColumn(features[i].Name, text[i]!)
                : new SingleDataFrameColumn(features[i].Name, numeric[i]!));
        }
        if (label is int) frame.Columns.Add(LabelOf(job, labels));

        var subjects = new HashSet<string>(subjectColumns, StringComparer.OrdinalIgnoreCase);
        var columns = features.Select((f, i) => new ModelFeature(f.Name, f.Text ? "categorical" : "numeric", distinct[i].Count, tokenLike[i], subjects.Contains(f.Name))).ToList();
        return (frame, columns);
    }

    private static DataFrameColumn LabelOf(MlJob job, List<object?> values)
    {
        switch (job.Task)
        {
            case "binary":
                var flags = new List<bool>(values.Count);
                foreach (var v in values)
                {
                    flags.Add(v switch
                    {
                        bool b => b,
                        null => throw new MlInputException($"label: column '{job.Label}' has an empty value; a binary label is true/false or 0/1"),
                        _ when IsNumeric(v.GetType()) && Convert.ToDouble(v, CultureInfo.InvariantCulture) is var d && (d == 0 || d == 1) => d == 1,
                        _ => throw new MlInputException($"label: column '{job.Label}' is not binary; a binary label is true/false or 0/1"),
                    });
                }
                return new BooleanDataFrameColumn(LabelColumn, flags);
            case "multiclass":
                return new StringDataFrameColumn(LabelColumn, values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""));
            default:
                return new SingleDataFrameColumn(LabelColumn, values.Select(v => v is null
                    ? throw new MlInputException($"label: column '{job.Label}' has an empty value; a regression label is a number")
                    : IsNumeric(v.GetType()) ? Convert.ToSingle(v, CultureInfo.InvariantCulture)
                    : throw new MlInputException($"label: column '{job.Label}' is not a number")));
        }
    }

    // The token format of Sandbox.Masking's KeyedTokenizer: "tk_" and 20 lower-case base32 characters.
    private static bool LooksLikeToken(string value) =>
        value.Length >= 23 && value.StartsWith("tk_", StringComparison.Ordinal)
        && value.AsSpan(3, 20).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz234567") < 0;

    private static bool IsText(Type type) => type == typeof(string);

    private static bool IsNumeric(Type type) =>
        type == typeof(bool) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) || type == typeof(float)
        || type == typeof(double) || type == typeof(decimal) || type == typeof(System.Numerics.BigInteger);

}
