using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace Sandbox.Documents;

/// <summary>
/// A syntax error said in our own words: what was expected at the place YamlDotNet stopped, instead of the scanner's
/// internal vocabulary ("While parsing a flow sequence…"). The sentences are English and fixed, so a reader in another
/// language can recognize each one (the host's message catalog holds every one of <see cref="Sentences"/>). A message
/// of no known kind is kept as YamlDotNet wrote it. Before parsing, a text that is not text at all (a binary file, or
/// one in another encoding than UTF-8) is named as such, at its first offending character.
/// </summary>
public static partial class YamlSyntax
{
    /// <summary>The prefix of every syntax error's message.</summary>
    public const string Prefix = "invalid YAML: ";

    /// <summary>A control character other than tab, line feed and carriage return: a binary file.</summary>
    public const string Binary = "not a text file (a control character here); expected YAML text";

    /// <summary>U+FFFD, what decoding left of bytes that are not UTF-8 (a GBK file, say).</summary>
    public const string NotUtf8 = "not UTF-8 text (a byte here is not UTF-8); save the file as UTF-8";

    /// <summary>The document's root is not a mapping; <c>{0}</c> is <see cref="PlainText"/> or <see cref="List"/>.</summary>
    public const string NotMapping = "expected a mapping of `key: value` lines, found {0}";

    public const string PlainText = "plain text";

    public const string List = "a list";

    /// <summary>The scanner's failure without a position: an unclosed flow collection.</summary>
    public const string Unclosed = "the document ends inside an unclosed [ or {";

    private static readonly (Regex Pattern, string Sentence)[] Known =
    [
        (Pattern(@"flow sequence.*',' or '\]'"), "expected ',' or ']' in the list opened with '['"),
        (Pattern(@"flow mapping.*',' or '\}'"), "expected ',' or '}' in the mapping opened with '{'"),
        (Pattern(@"block mapping, did not find expected key"), "expected a key at the indentation of the mapping around it"),
        (Pattern(@"block collection, did not find expected '-'"), "expected a '- ' item at the indentation of the list around it"),
        (Pattern(@"Mapping values are not allowed|found invalid mapping"), "a ': ' here starts a mapping where a value was expected (quote the value, or indent a nested mapping on its own line)"),
        (Pattern(@"simple key, could not find expected ':'"), "expected ':' after the key"),
        (Pattern(@"cannot start any token"), "expected YAML here, found a character that cannot start anything (such as a tab or '@')"),
        (Pattern(@"expected <document (end|start)>"), "expected the end of the document: the lines do not form one mapping of `key: value` lines"),
        (Pattern(@"did not find expected node content"), "expected a value"),
        (Pattern(@"anchor or alias"), "expected a letter or digit naming the anchor or alias"),
        (Pattern(@"unknown escape"), "expected a known escape (such as \\n or \\\") in the double-quoted text"),
        (Pattern(@"quoted scalar"), "expected the closing quote of the quoted text that starts here"),
        (Pattern(@"tab character"), "a tab here where YAML expects spaces: indent with spaces only"),
        (Pattern(@"duplicate key"), "expected each key once in a mapping; this one is repeated"),
    ];

    /// <summary>Every fixed sentence this class may write after <see cref="Prefix"/> or on its own.</summary>
    public static IReadOnlyList<string> Sentences { get; } =
        [Binary, NotUtf8, string.Format(System.Globalization.CultureInfo.InvariantCulture, NotMapping, PlainText),
         string.Format(System.Globalization.CultureInfo.InvariantCulture, NotMapping, List), Prefix + Unclosed, .. Known.Select(k => Prefix + k.Sentence)];

    /// <summary>The first character that makes <paramref name="text"/> no YAML text at all, located; null when there is none.</summary>
    public static (int Line, int Column, string Message)? NotText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (line, column) = (1, 1);
        foreach (var c in text)
        {
            if (c == '\uFFFD') return (line, column, NotUtf8);
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\u0085')) return (line, column, Binary);
            if (c == '\n') (line, column) = (line + 1, 1);
            else column++;
        }
        return null;
    }

    /// <summary>What was expected where YamlDotNet stopped, after <see cref="Prefix"/>.</summary>
    public static string Describe(YamlException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var raw = exception.InnerException is { Message.Length: > 0 } inner ? $"{exception.Message} {inner.Message}" : exception.Message;
        foreach (var (pattern, sentence) in Known)
        {
            if (pattern.IsMatch(raw)) return Prefix + sentence;
        }
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: …): "; the place is reported separately.
        var message = MarkPrefix().Replace(exception.Message, string.Empty);
        if (exception.InnerException is { Message: { Length: > 0 } text } && !message.Contains(text, StringComparison.Ordinal))
        {
            message = $"{message} {MarkPrefix().Replace(text, string.Empty)}";
        }
        return Prefix + message.Trim();
    }

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline);

    [GeneratedRegex(@"\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
