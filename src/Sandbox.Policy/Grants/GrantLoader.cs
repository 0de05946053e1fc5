using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Sandbox.Documents;
using Sandbox.Policy.Consent;
using Sandbox.Policy.Visibility;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Policy.Grants;

/// <summary>Loads and validates a grant document (<c>policies/grants/*.yaml</c>).</summary>
public static partial class GrantLoader
{
    /// <summary>
    /// Parses <paramref name="yamlText"/> and checks it against the domain's <paramref name="catalog"/>.
    /// </summary>
    /// <param name="path">The document's path, used in error messages and kept as <see cref="Grant.SourceFile"/>.</param>
    /// <param name="yamlText">The document's text.</param>
    /// <param name="catalog">The domain's datasets, to check dataset and column names.</param>
    /// <returns>The grant.</returns>
    /// <exception cref="PolicyDocumentException">The document is invalid; carries every error found.</exception>
    public static Grant Load(string path, string yamlText, IDatasetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(catalog);

        var (doc, errors) = DocumentParser.OpenRoot(path, yamlText,
            "id", "operator", "zone", "scenario", "period", "agreement", "datasets", "consent", "export");

        var id = Identifier(doc, "id");
        var op = ReadOperator(doc);
        var zone = ReadZone(doc);
        var scenario = doc.String("scenario", required: true);
        var period = ReadPeriod(doc);
        var signed = doc.Reader("agreement", required: false, "signed")?.Date("signed", required: true);
        var overrides = new List<ConstraintOverride>();
        var datasets = ReadDatasets(doc, catalog, overrides);
        var consent = ReadConsent(doc, datasets);
        CheckOverrides(doc.Errors, overrides, consent, catalog);
        // The grant's own export limits: kept as written, judged by the export gate when the grant is applied.
        var export = doc.Mapping("export", required: false) is { } limits ? Section(limits) : null;

        errors.ThrowIfAny();
        return new Grant
        {
            Id = id!,
            Operator = op!,
            Zone = zone!,
            Scenario = scenario!,
            Period = period!,
            AgreementSigned = signed,
            Datasets = datasets,
            Consent = consent.ToDictionary(c => c.Dataset, c => c.Columns, StringComparer.OrdinalIgnoreCase),
            ConsentRecords = consent,
            SourceFile = path,
            ExportLimits = export,
            DocumentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yamlText))),
        };
    }

    private static string Section(YamlDotNet.RepresentationModel.YamlMappingNode node)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new YamlDotNet.RepresentationModel.YamlStream(new YamlDotNet.RepresentationModel.YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string? Identifier(MappingReader reader, string key)
    {
        var value = reader.String(key, required: true);
        if (value is not null && !IdPattern().IsMatch(value))
        {
            reader.Errors.Add(reader.Value(key, false)!, reader.PathOf(key),
                $"'{value}' is not a valid id (letters, digits, '.', '_' and '-', starting with a letter or digit)");
            return null;
        }

        return value;
    }

    private static OperatorInfo? ReadOperator(MappingReader doc)
    {
        if (doc.Reader("operator", required: true, "id", "name", "foreign") is not { } op)
        {
            return null;
        }

        var id = Identifier(op, "id");
        var name = op.String("name", required: true);
        var foreign = op.Boolean("foreign", required: true);
        return id is null || name is null || foreign is null ? null : new OperatorInfo(id, name, foreign.Value);
    }

    private static string? ReadZone(MappingReader doc)
    {
        var zone = doc.String("zone", required: true);
        if (zone is null || zone == "comprehensive" || IndustryZone().IsMatch(zone))
        {
            return zone;
        }

        doc.Errors.Add(doc.Value("zone", false)!, "zone", $"expected comprehensive or industry:<name>, found '{zone}'");
        return null;
    }

    private static GrantPeriod? ReadPeriod(MappingReader doc)
    {
        if (doc.Reader("period", required: true, "from", "to") is not { } period)
        {
            return null;
        }

        var from = period.Date("from", required: true);
        var to = period.Date("to", required: true);
        if (from is null || to is null)
        {
            return null;
        }

        if (to < from)
        {
            doc.Errors.Add(period.Value("to", false)!, "period.to", $"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
            return null;
        }

        return new GrantPeriod(from.Value, to.Value);
    }

    private static Dictionary<string, GrantedDataset> ReadDatasets(MappingReader doc, IDatasetCatalog catalog, List<ConstraintOverride> overrides)
    {
        var result = new Dictionary<string, GrantedDataset>(StringComparer.OrdinalIgnoreCase);
        if (doc.Mapping("datasets", required: true) is not { } datasets)
        {
            return result;
        }

        if (datasets.Children.Count == 0)
        {
            doc.Errors.Add(datasets, "datasets", "a grant must name at least one dataset");
        }

        foreach (var (key, value) in datasets.Children)
        {
            var field = $"datasets.{(key as YamlScalarNode)?.Value}";
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                doc.Errors.Add(key, "datasets", "dataset names must be plain names");
                continue;
            }

            var schema = catalog.ColumnsOf(name);
            if (schema is null)
            {
                doc.Errors.Add(key, field, $"unknown dataset '{name}'");
            }

            if (result.ContainsKey(name))
            {
                doc.Errors.Add(key, field, $"dataset '{name}' is listed twice");
                continue;
            }

            if (MappingReader.AsMapping(value, field, doc.Errors) is { } mapping
                && ReadDataset(new MappingReader(mapping, field, doc.Errors, "columns", "masking", "constraints"), name, schema, overrides) is { } dataset)
            {
                result[name] = dataset;
            }
        }

        return result;
    }

    private static GrantedDataset? ReadDataset(MappingReader reader, string name, IReadOnlyList<string>? schema, List<ConstraintOverride> overrides)
    {
        var columns = new List<string>();
        foreach (var column in reader.StringList("columns", required: true) ?? [])
        {
            var columnName = column.Value!;
            if (columns.Contains(columnName, StringComparer.OrdinalIgnoreCase))
            {
                reader.Errors.Add(column, reader.PathOf("columns"), $"column '{columnName}' is listed twice");
            }
            else if (schema is not null && !schema.Contains(columnName, StringComparer.OrdinalIgnoreCase))
            {
                reader.Errors.Add(column, reader.PathOf("columns"), $"unknown column '{columnName}' of dataset {name}");
            }
            else
            {
                // Keep the catalog's spelling, so later comparisons and messages use one name.
                columns.Add(schema?.First(c => string.Equals(c, columnName, StringComparison.OrdinalIgnoreCase)) ?? columnName);
            }
        }

        if (reader.Value("columns", false) is YamlSequenceNode { Children.Count: 0 } empty)
        {
            reader.Errors.Add(empty, reader.PathOf("columns"), "a dataset must grant at least one column");
        }

        var masking = ReadColumnMap(reader, "masking", columns, ColumnRules.IsMasking,
            "keep, mask, tokenize, redact or keep-first-N-last-M", null);
        var constraints = ReadColumnMap(reader, "constraints", columns, ColumnRules.IsConstraint,
            string.Join(", ", ColumnRules.Constraints), (node, column, value) => overrides.Add(new ConstraintOverride(node, $"{reader.PathOf("constraints")}.{column}", name, column, value)));
        return new GrantedDataset(name, columns, masking, constraints);
    }

    /// <summary>Reads <c>masking</c> or <c>constraints</c>: a map from granted column to one allowed word.</summary>
    private static Dictionary<string, string> ReadColumnMap(
        MappingReader reader, string key, List<string> columns, Func<string, bool> isAllowed, string allowed,
        Action<YamlNode, string, string>? accepted)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (reader.Mapping(key, required: false) is not { } map)
        {
            return result;
        }

        var field = reader.PathOf(key);
        foreach (var (columnNode, valueNode) in map.Children)
        {
            if (MappingReader.AsString(columnNode, field, reader.Errors) is not { Length: > 0 } column)
            {
                continue;
            }

            var columnField = $"{field}.{column}";
            var known = columns.FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                reader.Errors.Add(columnNode, columnField, $"column '{column}' is not among this dataset's granted columns");
            }

            if (MappingReader.AsString(valueNode, columnField, reader.Errors) is not { } value)
            {
                continue;
            }

            if (!isAllowed(value))
            {
                reader.Errors.Add(valueNode, columnField, $"expected {allowed}, found '{value}'");
            }
            else if (known is not null)
            {
                result[known] = value;
                accepted?.Invoke(valueNode, known, value);
            }
        }

        return result;
    }

    /// <summary>
    /// Reads <c>consent</c>: per dataset either a list of columns, or
    /// <c>{ columns: [...], evidence: reference, obtained: yyyy-MM-dd }</c>.
    /// </summary>
    private static List<ConsentRecord> ReadConsent(MappingReader doc, Dictionary<string, GrantedDataset> datasets)
    {
        var result = new List<ConsentRecord>();
        if (doc.Mapping("consent", required: false) is not { } consent)
        {
            return result;
        }

        foreach (var (key, value) in consent.Children)
        {
            if (MappingReader.AsString(key, "consent", doc.Errors) is not { Length: > 0 } name)
            {
                continue;
            }

            var field = $"consent.{name}";
            datasets.TryGetValue(name, out var dataset);
            if (dataset is null)
            {
                doc.Errors.Add(key, field, $"dataset '{name}' is not among the grant's datasets");
            }

            string? evidence = null;
            DateOnly? obtained = null;
            YamlNode list = value;
            if (value is YamlMappingNode detail)
            {
                var reader = new MappingReader(detail, field, doc.Errors, "columns", "evidence", "obtained");
                evidence = reader.String("evidence", required: true);
                obtained = reader.Date("obtained", required: false);
                if (reader.Sequence("columns", required: true) is not { } columnList)
                {
                    continue;
                }

                list = columnList;
                field = reader.PathOf("columns");
            }

            if (list is not YamlSequenceNode sequence)
            {
                doc.Errors.Add(value, field, $"expected a list of columns or {{ columns, evidence, obtained }}, found {MappingReader.KindOf(value)}");
                continue;
            }

            var columns = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (MappingReader.AsString(item, field, doc.Errors) is not { Length: > 0 } column)
                {
                    continue;
                }

                if (dataset is not null && !dataset.Grants(column))
                {
                    doc.Errors.Add(item, field, $"column '{column}' is not among the granted columns of {name}");
                    continue;
                }

                columns.Add(dataset?.Columns.First(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase)) ?? column);
            }

            result.Add(new ConsentRecord(dataset?.Name ?? name, columns, evidence, obtained));
        }

        return result;
    }

    /// <summary>A constraint looser than the column's level default is allowed only with consent for that column.</summary>
    private static void CheckOverrides(DocumentErrors errors, List<ConstraintOverride> overrides, List<ConsentRecord> consent, IDatasetCatalog catalog)
    {
        foreach (var o in overrides)
        {
            var level = catalog.LevelOf(o.Dataset, o.Column);
            var baseline = ColumnConstraints.DefaultFor(level);
            var consented = consent.Any(c => string.Equals(c.Dataset, o.Dataset, StringComparison.OrdinalIgnoreCase)
                && c.Columns.Contains(o.Column, StringComparer.OrdinalIgnoreCase));
            if (ColumnConstraints.Parse(o.Value) is { } constraint && ColumnConstraints.IsWeakerThan(constraint, baseline) && !consented)
            {
                errors.Add(o.Node, o.Field,
                    $"'{o.Value}' is looser than level {level} allows ({ColumnConstraints.Name(baseline)}) and the grant records no consent for {o.Dataset}.{o.Column}");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^industry:\S.*$")]
    private static partial Regex IndustryZone();
}
