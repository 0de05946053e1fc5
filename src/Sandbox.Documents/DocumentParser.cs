using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sandbox.Documents;

/// <summary>Parses YAML text into its representation model, turning syntax errors into located <see cref="PolicyError"/>s.</summary>
public static class DocumentParser
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
        // 1. Text at all: a binary file or another encoding is named at its first offending character.
        if (YamlSyntax.NotText(yamlText) is { } notText)
        {
            errors.Add(notText.Line, notText.Column, "yaml", notText.Message);
            return null;
        }

        var stream = new YamlStream();
        var parser = new Parser(new StringReader(yamlText));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            errors.Add((int)Math.Max(1, ex.Start.Line), (int)Math.Max(1, ex.Start.Column), "yaml", YamlSyntax.Describe(ex));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, for some unterminated flow
            // collections; the last event the parser produced is the best place we have.
            var last = parser.Current;
            errors.Add(last is null ? 1 : (int)Math.Max(1, last.Start.Line), last is null ? 1 : (int)Math.Max(1, last.Start.Column), "yaml", YamlSyntax.Prefix + YamlSyntax.Unclosed);
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
            // The text itself is not quoted: a data file passed by mistake must not reach a terminal or a log.
            var node = stream.Documents[0].RootNode;
            var found = node is YamlSequenceNode ? YamlSyntax.List : YamlSyntax.PlainText;
            errors.Add((int)Math.Max(1, node.Start.Line), (int)Math.Max(1, node.Start.Column), "document",
                string.Format(System.Globalization.CultureInfo.InvariantCulture, YamlSyntax.NotMapping, found));
            return null;
        }

        return root;
    }
}
