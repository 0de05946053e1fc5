using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Documents;

/// <summary>Parses YAML text into its representation model, turning syntax errors into located <see cref="PolicyError"/>s.</summary>
public static partial class DocumentParser
{
    /// <summary>Returns the root mapping, or null after recording why there is none.</summary>
    /// <summary>Opens a document whose root is a mapping of <paramref name="knownKeys"/>, with its error collector.</summary>
    public static (MappingReader Root, DocumentErrors Errors) OpenRoot(string path, string yamlText, params string[] knownKeys)
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new DocumentErrors(path);
        // A document that cannot be read at all (syntax, empty, not a mapping) stops here with its one error;
        // everything else is collected by the caller through the returned reader.
        var root = LoadRootMapping(yamlText, errors) ?? throw errors.ToException();
        return (new MappingReader(root, string.Empty, errors, knownKeys), errors);
    }

    /// <summary>
    /// The keys of a document's root mapping, in order; empty when the text is not one (the document's own loader then
    /// names the problem with its line). Used to dispatch a document to its loader by what it says it is.
    /// </summary>
    public static IReadOnlyList<string> RootKeys(string yamlText)
    {
        var errors = new DocumentErrors("(kind)");
        return LoadRootMapping(yamlText, errors) is { } root
            ? [.. root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "")]
            : [];
    }

    public static YamlMappingNode? LoadRootMapping(string yamlText, DocumentErrors errors)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            errors.Add((int)Math.Max(1, ex.Start.Line), "yaml", SyntaxMessage(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, for some unterminated flow
            // collections; the last event the parser produced is the best line we have.
            var line = parser.Current is { } last ? (int)Math.Max(1, last.Start.Line) : 1;
            errors.Add(line, "yaml", "invalid YAML: the document ends inside an unclosed [ or {");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            errors.Add(1, "document", "the document is empty");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "document", "only one YAML document is allowed per file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(stream.Documents[0].RootNode, "document", "the document must be a mapping of keys to values");
            return null;
        }

        return root;
    }

    private static string SyntaxMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the line is reported separately.
        var message = MarkPrefix().Replace(ex.Message, string.Empty);
        if (ex.InnerException is { Message: { Length: > 0 } inner } && !message.Contains(inner, StringComparison.Ordinal))
        {
            message = $"{message} {MarkPrefix().Replace(inner, string.Empty)}";
        }

        return $"invalid YAML: {message.Trim()}";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
