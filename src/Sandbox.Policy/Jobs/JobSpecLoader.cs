using System.Globalization;
using System.Text.RegularExpressions;
using Sandbox.Documents;

namespace Sandbox.Policy.Jobs;

/// <summary>Loads and validates a job file.</summary>
public static partial class JobSpecLoader
{
    /// <summary>Parses a job file. The SQL text is not parsed here; see <c>Sandbox.Policy.Queries.SqlStatement</c>.</summary>
    /// <param name="path">The file's path, used in error messages and kept as <see cref="JobSpec.SourceFile"/>.</param>
    /// <param name="yamlText">The file's text.</param>
    /// <returns>The job spec.</returns>
    /// <exception cref="PolicyDocumentException">The file is invalid; carries every error found.</exception>
    public static JobSpec Load(string path, string yamlText)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);

        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText,
            "grant", "kind", "queries", "image", "command", "files", "tables", "limits",
            "task", "query", "label", "features", "trainer", "parameters", "holdout", "seed", "predict");
        var grant = doc.String("grant", required: true);
        var kind = doc.String("kind", required: true);
        if (kind is not null && !JobKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add(doc.Value("kind", false)!, "kind", $"expected {string.Join(", ", JobKinds.All)}, found '{kind}'");
            kind = null;
        }

        var queries = ReadQueries(doc, kind);
        var image = doc.String("image", required: kind == JobKinds.Container);
        var command = doc.StringList("command", required: false)?.Select(c => c.Value!).ToList() ?? [];
        var files = doc.String("files", required: false);
        if (files is not null && JobFilesSyntax.Problem(files) is { } problem)
        {
            errors.Add(doc.Value("files", false)!, "files", problem);
            files = null;
        }
        var tables = ReadTables(doc);
        if (kind is JobKinds.Sql or JobKinds.Ml)
        {
            // These would be silently ignored by the SQL and ML runners (their queries name their tables); say so instead.
            foreach (var key in new[] { "image", "command", "files", "tables" })
            {
                if (doc.Value(key, false) is { } node)
                {
                    errors.Add(node, key, "applies only to container jobs");
                }
            }
        }

        var ml = MlSpecReader.Read(doc, kind);
        var limits = ReadLimits(doc);
        errors.ThrowIfAny();
        return new JobSpec
        {
            Grant = grant!,
            Kind = kind!,
            Queries = queries,
            Image = image,
            Command = command,
            Files = files,
            Tables = tables,
            Ml = ml,
            Limits = limits,
            SourceFile = path,
        };
    }

    // Table names as the catalog spells them (letters, digits, underscores), each once; whether the grant has them is
    // the admission's to say.
    private static List<string> ReadTables(MappingReader doc)
    {
        var result = new List<string>();
        if (doc.StringList("tables", required: false) is not { } names) return result;
        if (names.Count == 0 && doc.Value("tables", false) is YamlDotNet.RepresentationModel.YamlSequenceNode { Children.Count: 0 } empty)
        {
            doc.Errors.Add(empty, "tables", "lists no table (leave it out for every table of the grant)");
        }
        foreach (var node in names)
        {
            var name = node.Value ?? "";
            if (!TableName().IsMatch(name)) doc.Errors.Add(node, "tables", $"'{name}' is not a table name (letters, digits and underscores)");
            else if (result.Contains(name, StringComparer.OrdinalIgnoreCase)) doc.Errors.Add(node, "tables", $"'{name}' is listed twice");
            else result.Add(name);
        }
        return result;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex TableName();

    private static List<NamedQuery> ReadQueries(MappingReader doc, string? kind)
    {
        var result = new List<NamedQuery>();
        var map = doc.Mapping("queries", required: kind == JobKinds.Sql);
        if (map is null)
        {
            return result;
        }

        if (kind is JobKinds.Container or JobKinds.Ml)
        {
            doc.Errors.Add(map, "queries", kind == JobKinds.Ml ? "applies only to sql jobs (an ml job trains on one query: query)" : "applies only to sql jobs");
            return result;
        }

        if (map.Children.Count == 0)
        {
            doc.Errors.Add(map, "queries", "a sql job needs at least one query");
        }

        foreach (var (key, value) in map.Children)
        {
            if (MappingReader.AsString(key, "queries", doc.Errors) is not { } name)
            {
                continue;
            }

            var field = $"queries.{name}";
            var line = DocumentErrors.LineOf(key);
            if (!QueryName().IsMatch(name))
            {
                // Query names become output file names.
                doc.Errors.Add(key, field, $"'{name}' is not a valid query name (lowercase letters, digits and '_', starting with a letter, at most 63 characters)");
                continue;
            }

            if (MappingReader.IsNull(value))
            {
                doc.Errors.Add(value, field, "the query is empty");
                continue;
            }

            if (MappingReader.AsString(value, field, doc.Errors) is { } sql)
            {
                if (string.IsNullOrWhiteSpace(sql))
                {
                    doc.Errors.Add(value, field, "the query is empty");
                    continue;
                }

                result.Add(new NamedQuery(name, sql, line));
            }
        }

        return result;
    }

    private static JobLimits ReadLimits(MappingReader doc)
    {
        var defaults = JobLimits.Default;
        if (doc.Reader("limits", required: false, "timeout", "memory", "cpus", "pids", "output") is not { } limits)
        {
            return defaults;
        }

        var timeout = Quantity<TimeSpan>(limits, "timeout", LimitSyntax.TryParseDuration, "a duration such as 500ms, 60s, 5m or 1h (at most 7 days)");
        var memory = Quantity<long>(limits, "memory", LimitSyntax.TryParseSize, "a size such as 512MiB, 1GiB or 64MB");
        var output = Quantity<long>(limits, "output", LimitSyntax.TryParseSize, "a size such as 64MiB or 100MB");
        var cpus = Quantity<double>(limits, "cpus", TryParseCpus, "a number of CPUs such as 1 or 0.5 (at most 1024)");
        var pids = Quantity<int>(limits, "pids", TryParsePids, "a whole number of processes between 1 and 1000000");
        return new JobLimits(
            timeout ?? defaults.Timeout,
            memory ?? defaults.MemoryBytes,
            cpus ?? defaults.Cpus,
            pids ?? defaults.Pids,
            output ?? defaults.OutputBytes);
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static T? Quantity<T>(MappingReader limits, string key, TryParse<T> parse, string expected)
        where T : struct
    {
        if (limits.String(key, required: false) is not { } text)
        {
            return null;
        }

        if (parse(text, out var value))
        {
            return value;
        }

        limits.Errors.Add(limits.Value(key, false)!, limits.PathOf(key), $"expected {expected}, found '{text}'");
        return null;
    }

    private static bool TryParseCpus(string text, out double cpus) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out cpus)
        && cpus > 0 && cpus <= 1024;

    private static bool TryParsePids(string text, out int pids) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out pids)
        && pids is > 0 and <= 1_000_000;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex QueryName();
}
