using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Documents;

/// <summary>
/// Reads the fields of one YAML mapping, recording a located error for every unknown key, missing
/// field and wrongly typed value instead of stopping at the first.
/// </summary>
public sealed class MappingReader
{
    private readonly Dictionary<string, YamlNode> values = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node, string field, DocumentErrors errors, params string[] knownKeys)
    {
        Node = node;
        Field = field;
        Errors = errors;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                errors.Add(key, field.Length == 0 ? "document" : field, "keys must be plain names");
                continue;
            }

            if (!knownKeys.Contains(name, StringComparer.Ordinal))
            {
                var guess = NearestName.Of(name, knownKeys) is { } near ? $"did you mean '{near}'? " : "";
                errors.Add(key, PathOf(name), $"unknown key '{name}' ({guess}expected {string.Join(", ", knownKeys)})");
                continue;
            }

            values[name] = value;
        }
    }

    public YamlMappingNode Node { get; }

    /// <summary>The dotted path of this mapping; empty for the document root.</summary>
    public string Field { get; }

    public DocumentErrors Errors { get; }

    public string PathOf(string key) => Field.Length == 0 ? key : $"{Field}.{key}";

    /// <summary>The value under <paramref name="key"/>; null (and an error when required) when absent or null.</summary>
    public YamlNode? Value(string key, bool required)
    {
        if (values.TryGetValue(key, out var value) && !IsNull(value))
        {
            return value;
        }

        if (required)
        {
            Errors.Add(values.TryGetValue(key, out var empty) ? empty : Node, PathOf(key), "is required");
        }

        return null;
    }

    public string? String(string key, bool required)
    {
        if (Value(key, required) is not { } node || AsString(node, PathOf(key), Errors) is not { } text)
        {
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Errors.Add(node, PathOf(key), "must not be empty");
            return null;
        }

        return text;
    }

    public bool? Boolean(string key, bool required)
    {
        if (Value(key, required) is not { } node || AsString(node, PathOf(key), Errors) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var result))
        {
            return result;
        }

        Errors.Add(node, PathOf(key), $"expected true or false, found '{text}'");
        return null;
    }

    public DateOnly? Date(string key, bool required)
    {
        if (Value(key, required) is not { } node || AsString(node, PathOf(key), Errors) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Errors.Add(node, PathOf(key), $"expected a date as yyyy-MM-dd, found '{text}'");
        return null;
    }

    public YamlMappingNode? Mapping(string key, bool required) =>
        Value(key, required) is { } node ? AsMapping(node, PathOf(key), Errors) : null;

    public MappingReader? Reader(string key, bool required, params string[] knownKeys) =>
        Mapping(key, required) is { } node ? new MappingReader(node, PathOf(key), Errors, knownKeys) : null;

    public YamlSequenceNode? Sequence(string key, bool required)
    {
        if (Value(key, required) is not { } node)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Errors.Add(node, PathOf(key), $"expected a list, found {KindOf(node)}");
        return null;
    }

    /// <summary>A list of strings; wrongly typed items are reported and skipped.</summary>
    public IReadOnlyList<YamlScalarNode>? StringList(string key, bool required)
    {
        if (Sequence(key, required) is not { } sequence)
        {
            return null;
        }

        var items = new List<YamlScalarNode>();
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar && !IsNull(scalar))
            {
                items.Add(scalar);
            }
            else
            {
                Errors.Add(item, PathOf(key), $"expected a list of names, found {KindOf(item)} among them");
            }
        }

        return items;
    }

    public static string? AsString(YamlNode node, string field, DocumentErrors errors)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Value ?? string.Empty;
        }

        errors.Add(node, field, $"expected a single value, found {KindOf(node)}");
        return null;
    }

    public static YamlMappingNode? AsMapping(YamlNode node, string field, DocumentErrors errors)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        errors.Add(node, field, $"expected a mapping of keys to values, found {KindOf(node)}");
        return null;
    }

    /// <summary>True for an empty value, <c>~</c> or <c>null</c> written plainly (a quoted "null" is a string).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    public static string KindOf(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar when IsNull(scalar) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "an alias",
    };
}
