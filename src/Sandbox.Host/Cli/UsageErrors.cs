using System.CommandLine;

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
        var messages = parse.Errors.Select(e => e.Message).Distinct().ToList();
        var unknown = parse.UnmatchedTokens.FirstOrDefault() ?? parse.Tokens.Select(t => t.Value).FirstOrDefault(v => !v.StartsWith('-') && IsUnknown(parse, v));
        // "Required command was not provided" says less than the word that was not understood: it goes.
        if (messages.Any(m => m.StartsWith("Unrecognized", StringComparison.Ordinal)))
        {
            messages.RemoveAll(m => m.StartsWith("Required command", StringComparison.Ordinal));
        }
        var line = string.Join(" ", messages);
        if (command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(c => c.Name).ToList();
            var suggestion = unknown is null ? null : Nearest(unknown, names);
            line += suggestion is not null ? $" — did you mean `{Path(command)} {suggestion}`?" : $" — `{Path(command)}` needs one of: {string.Join(", ", names)}";
        }
        return $"{line} (see `{Path(command)} --help`)";
    }

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
