using System.CommandLine;
using System.Text.RegularExpressions;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// A usage error as one line that helps: every problem the parser found (the most specific first), the word it did
/// not know with the nearest command it might have meant, and the help to read.
/// </summary>
internal static class UsageErrors
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var errors = parse.Errors.Select(e => Translate(e.Message)).DistinctBy(e => e.Text).ToList();
        var unknown = parse.UnmatchedTokens.FirstOrDefault() ?? parse.Tokens.Select(t => t.Value).FirstOrDefault(v => !v.StartsWith('-') && IsUnknown(parse, v));
        // "Required command was not provided" says less than the word that was not understood: it goes.
        if (errors.Any(e => e.Id == "usage.unrecognized")) errors.RemoveAll(e => e.Id == "usage.command-required");
        var line = string.Join(Messages.Get("usage.separator"), errors.Select(e => e.Text));
        if (command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(c => c.Name).ToList();
            var suggestion = unknown is null ? null : Nearest(unknown, names);
            line += suggestion is not null
                ? Messages.Get("usage.did-you-mean", ("command", $"{Path(command)} {suggestion}"))
                : Messages.Get("usage.needs-one-of", ("command", Path(command)), ("names", string.Join(", ", names)));
        }
        return line + Messages.Get("usage.see-help", ("command", Path(command)));
    }

    /// <summary>
    /// The parser's message in the current language. System.CommandLine writes its messages from English resources
    /// (the process runs with invariant globalization), so each of its templates is matched here and said again by id;
    /// one not listed is shown as the parser wrote it.
    /// </summary>
    private static (string? Id, string Text) Translate(string message)
    {
        foreach (var (pattern, id, names) in ParserMessages)
        {
            var match = pattern.Match(message);
            if (!match.Success) continue;
            var args = names.Select((name, i) => (name, (object?)Value(name, match.Groups[i + 1].Value))).ToArray();
            return (id, Messages.Get(id, args));
        }
        return (null, message);
    }

    // A CLR type name says little to a user: the ones our options take get a word.
    private static object Value(string name, string value) => name switch
    {
        "choices" => string.Join(", ", value.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim('\''))),
        "type" => Type(value),
        _ => value,
    };

    private static object Type(string value) => NullableOf().Replace(value, "$1") switch
    {
        "System.Int32" or "System.Int64" => new LocalMessage("usage.type.integer"),
        "System.DateTimeOffset" or "System.DateTime" => new LocalMessage("usage.type.time"),
        "System.Double" or "System.Decimal" => new LocalMessage("usage.type.number"),
        var other => other,
    };

    // System.CommandLine 2.0's English templates (Properties/Resources.resx), most specific first.
    private static readonly (Regex Pattern, string Id, string[] Names)[] ParserMessages =
    [
        (ParserMessage(@"Unrecognized command or argument '(.*)'\."), "usage.unrecognized", ["word"]),
        (ParserMessage(@"Required command was not provided\."), "usage.command-required", []),
        (ParserMessage(@"Option '(.*)' is required\."), "usage.option-required", ["option"]),
        (ParserMessage(@"Required argument missing for command: '(.*)'\."), "usage.argument-missing", ["command"]),
        (ParserMessage(@"Required argument missing for option: '(.*)'\."), "usage.option-value-missing", ["option"]),
        (ParserMessage(@"Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.(?s:.*)"), "usage.option-bad-value", ["value", "option", "type"]),
        (ParserMessage(@"Cannot parse argument '(.*)' for command '(.*)' as expected type '(.*)'\.(?s:.*)"), "usage.argument-bad-value", ["value", "command", "type"]),
        (ParserMessage(@"Cannot parse argument '(.*)' as expected type '(.*)'\."), "usage.bad-value", ["value", "type"]),
        (ParserMessage(@"Argument '(.*)' not recognized\. Must be one of:(?s:(.*))"), "usage.not-one-of", ["value", "choices"]),
        (ParserMessage(@"Option '(.*)' expects a single argument but (\d+) were provided\."), "usage.option-single", ["option", "count"]),
        (ParserMessage(@"(.*) option cannot be combined with other arguments\."), "usage.option-alone", ["option"]),
    ];

    private static Regex NullableOf() => new(@"^System\.Nullable`1\[(.*)\]$", RegexOptions.CultureInvariant);

    private static Regex ParserMessage(string pattern) => new($"^{pattern}$", RegexOptions.CultureInvariant);

    /// <summary>For tests: the ids the parser's messages are said by.</summary>
    internal static IEnumerable<string> Ids => ParserMessages.Select(p => p.Id);

    private static bool IsUnknown(ParseResult parse, string word) =>
        parse.CommandResult.Command.Subcommands.All(c => c.Name != word) && parse.CommandResult.Command.Name != word;

    private static string Path(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Insert(0, c is RootCommand ? "sandbox" : c.Name);
        return string.Join(' ', names);
    }

    /// <summary>The candidate within edit distance 2 (or sharing a prefix of 3), or null.</summary>
    private static string? Nearest(string word, IReadOnlyList<string> candidates)
    {
        var best = candidates.Select(c => (Name: c, Distance: Distance(word.ToLowerInvariant(), c)))
            .OrderBy(c => c.Distance).FirstOrDefault();
        if (best.Name is not null && best.Distance <= 2) return best.Name;
        return candidates.FirstOrDefault(c => word.Length >= 3 && (c.StartsWith(word[..3], StringComparison.OrdinalIgnoreCase) || word.StartsWith(c, StringComparison.OrdinalIgnoreCase)));
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
