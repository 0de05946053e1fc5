namespace Sandbox.Export.Checks;

/// <summary>The "file" rule: an allowed type, within the size and row limits; a model file always goes to a reviewer.</summary>
internal static class FileRule
{
    public const string Name = "file";

    /// <summary>The file's type by extension, lower case without the dot; empty when it has none.</summary>
    public static string TypeOf(string path) => Path.GetExtension(path).TrimStart('.').ToLowerInvariant();

    /// <param name="type">The type from <see cref="TypeOf"/>.</param>
    /// <param name="bytes">The file's size.</param>
    /// <param name="rows">Data rows when the file was read as a table, else null.</param>
    /// <param name="options">The limits.</param>
    public static CheckResult Check(string type, long bytes, int? rows, CheckOptions options)
    {
        var problems = new List<string>();
        // A model by its type, or the runner's model of an ml job (model.zip), which carries its evidence.
        bool model = options.ModelTypes.Contains(type, StringComparer.OrdinalIgnoreCase) || options.Model is not null;
        if (!model && !options.AllowedTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            string shown = type.Length == 0 ? "a file without extension" : $"file type .{type}";
            problems.Add($"{shown} is not allowed (allowed: {string.Join(", ", options.AllowedTypes)})");
        }

        if (bytes > options.MaxBytes)
        {
            problems.Add($"{DetailText.Figure(bytes)} bytes exceed the limit of {DetailText.Figure(options.MaxBytes)} bytes");
        }

        if (rows > options.MaxRows)
        {
            problems.Add($"{DetailText.Figure(rows.Value)} rows exceed the limit of {DetailText.Figure(options.MaxRows)} rows");
        }

        if (problems.Count > 0)
        {
            return new CheckResult(Name, CheckStatus.Fail, string.Join("; ", problems), []);
        }

        if (model)
        {
            return new CheckResult(Name, CheckStatus.Review,
                $"a model file (.{type}) can memorize its training data: a reviewer must always judge it", []);
        }

        string rowsText = rows is int r ? $" and {DetailText.Figure(r)} rows" : "";
        return new CheckResult(Name, CheckStatus.Pass,
            $"{type} file of {DetailText.Figure(bytes)} bytes{rowsText} is within the limits", []);
    }
}
