using System.Text;
using System.Text.RegularExpressions;

namespace Sandbox.Host.Localization;

/// <summary>
/// Sentences the libraries write in English — review rules, the grant lifecycle, the export gate's check details and
/// bundle verification, admission reasons (consent, training, container and ml jobs), why a job was killed, why an image
/// is not trusted, the audit log's verification problems, YAML syntax errors, the <c>files:</c> rule, a job file's and any document's field errors and <c>images.yaml</c>'s — read back
/// by their shapes: each English template of a shape family in the catalog becomes a pattern, and a sentence that
/// matches one is said again by the same id in the reader's language. A captured value that is itself a known phrase
/// (<c>term.*</c>) or another shape is translated too; a <c>{list}</c> is read item by item. Text of no known shape
/// comes back as it was written. What is stored, logged or answered over the API stays the English original.
/// </summary>
internal static partial class EnglishShapes
{
    /// <summary>The catalog families read by shape; their ids are named by their English text, not in the code.</summary>
    public static IReadOnlyList<string> Families { get; } = ["review.", "lifecycle.", "check.", "admission.", "outcome.", "bundle.", "term.", "trust.", "auditlog.", "yaml.", "jobfiles.", "jobspec.", "document.", "imagelist."];

    private static readonly Lazy<IReadOnlyList<(string Id, Regex Pattern)>> Shapes = new(Build);

    private static readonly Lazy<Dictionary<string, string>> Terms = new(() => MessageCatalog.Of(UiLanguage.English).Ids
        .Where(id => id.StartsWith("term.", StringComparison.Ordinal))
        .ToDictionary(id => MessageCatalog.Of(UiLanguage.English).Find(id)!, id => id, StringComparer.Ordinal));

    /// <summary><paramref name="english"/> in the current language (in English: exactly as written).</summary>
    public static string Localize(string english) =>
        Messages.Current == UiLanguage.English ? english : (Read(english) ?? ReadParts(english))?.In(Messages.Current) ?? english;

    /// <summary>Several sentences joined by "; " (a rule's problems), each read on its own; null when none has a known shape.</summary>
    private static LocalMessage? ReadParts(string english) =>
        english.Contains("; ", StringComparison.Ordinal) && english.Split("; ").Any(part => Read(part) is not null)
            ? List(english, "; ", "list.next") as LocalMessage
            : null;

    /// <summary>
    /// <paramref name="english"/> as a message argument said in the reader's language when rendered: its shape, or its
    /// "; "-joined parts' shapes (read part by part first: a shape's last placeholder would swallow the parts after it),
    /// else the text as written (its English rendering is <paramref name="english"/> itself).
    /// </summary>
    public static object Argument(string english) => ReadParts(english) ?? Read(english) ?? (object)english;

    /// <summary>The message <paramref name="english"/> is an instance of, or null when it has no known shape.</summary>
    public static LocalMessage? Read(string english)
    {
        ArgumentNullException.ThrowIfNull(english);
        if (Terms.Value.TryGetValue(english, out var term)) return new LocalMessage(term);
        foreach (var (id, pattern) in Shapes.Value)
        {
            if (pattern.Match(english) is not { Success: true } match) continue;
            var args = pattern.GetGroupNames().Where(n => !int.TryParse(n, out _))
                .Select(n => (n, (object?)Value(n, match.Groups[n].Value))).ToArray();
            return new LocalMessage(id, args);
        }
        return null;
    }

    /// <summary>A captured value: a list item by item, a known phrase or shape by its id, else as written (a name, a figure).</summary>
    private static object Value(string name, string value)
    {
        if (name == "list") return List(value, "; ", "list.next");
        if (name is "states" or "names") return List(value, " or ", "list.or");
        return Read(value) is { } nested ? nested : value;
    }

    // "a; b; c and 12 more": DetailText.List's shape (and "a or b or c" for {states}).
    private static object List(string value, string separator, string joinId)
    {
        var more = separator == "; " ? More().Match(value) : Match.Empty;
        var items = (more.Success ? value[..more.Index] : value).Split(separator);
        object? joined = null;
        foreach (var item in items)
        {
            object part = Read(item) ?? (object)item;
            joined = joined is null ? part : new LocalMessage(joinId, ("left", joined), ("right", part));
        }
        return more.Success ? new LocalMessage("list.more", ("items", joined), ("count", more.Groups["count"].Value)) : joined!;
    }

    private static IReadOnlyList<(string, Regex)> Build()
    {
        var english = MessageCatalog.Of(UiLanguage.English);
        var shapes = new List<(string Id, Regex Pattern, int Literal)>();
        foreach (var id in english.Ids)
        {
            if (id.StartsWith("term.", StringComparison.Ordinal) || !Families.Any(f => id.StartsWith(f, StringComparison.Ordinal))) continue;
            var template = english.Find(id)!;
            shapes.Add((id, Pattern(template), template.Length - MessageCatalog.PlaceholdersOf(template).Sum(p => p.Length + 2)));
        }
        // The most specific shape first: more fixed text beats a looser one that would also match.
        return [.. shapes.OrderByDescending(s => s.Literal).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => (s.Id, s.Pattern))];
    }

    /// <summary>A template as an anchored pattern: its text literal, each placeholder a lazy capture (a repeated one must repeat).</summary>
    internal static Regex Pattern(string template)
    {
        var pattern = new StringBuilder("^");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var at = 0;
        foreach (Match placeholder in Placeholder().Matches(template))
        {
            pattern.Append(Regex.Escape(template[at..placeholder.Index]));
            var name = placeholder.Groups[1].Value;
            pattern.Append(!seen.Add(name) ? $"\\k<{name}>" : Words.Contains(name) ? $"(?<{name}>\\S+?)" : $"(?<{name}>.*?)");
            at = placeholder.Index + placeholder.Length;
        }
        pattern.Append(Regex.Escape(template[at..])).Append('$');
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    // Placeholders that stand for one word (a name, an id, a figure, a day): they never span a space, so a loose
    // shape such as "column {column}" cannot swallow a whole sentence that merely starts alike.
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "column", "row", "n", "line", "grant", "id", "count", "k", "rows", "lines", "bytes", "max", "min", "type", "principal",
        "day", "from", "to", "today", "otherRow", "otherColumn", "export", "difference", "subject", "described", "actual", "single",
        "nth", "days", "year", "table", "name", "image", "kind", "stage", "reviewer", "action", "entity", "nk", "p", "file", "expected", "manifest", "seconds", "pids", "path", "code", "small", "classes", "smallest", "least", "weights", "dof", "reached", "family", "limit",
        "seq", "previous", "last", "actor", "current", "recorded", "label",
    };

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@" and (?<count>[\d,]+) more$")]
    private static partial Regex More();
}
