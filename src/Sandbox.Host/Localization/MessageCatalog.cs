using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sandbox.Host.Localization;

/// <summary>
/// The messages of one language, keyed by stable ids: one embedded JSON file per language
/// (<c>messages.en.json</c>, <c>messages.zh-CN.json</c>). Placeholders are named: <c>{id}</c>, <c>{state}</c>.
/// </summary>
internal sealed partial class MessageCatalog
{
    // Each language is read on first use only: a command reads one catalog (two when a Chinese text lacks an id).
    private static readonly Dictionary<string, Lazy<MessageCatalog>> Loaded =
        UiLanguage.All.ToDictionary(l => l.Tag, l => new Lazy<MessageCatalog>(() => Load(l)), StringComparer.Ordinal);

    private readonly Dictionary<string, string> _messages;

    private MessageCatalog(UiLanguage language, Dictionary<string, string> messages)
    {
        Language = language;
        _messages = messages;
    }

    public UiLanguage Language { get; }

    public IEnumerable<string> Ids => _messages.Keys;

    public static MessageCatalog Of(UiLanguage language) => Loaded[language.Tag].Value;

    /// <summary>The message's template, or null when this catalog lacks the id.</summary>
    public string? Find(string id) => _messages.GetValueOrDefault(id);

    /// <summary>The message with its placeholders filled in. An id missing here is a bug: it falls back to English, then to the id itself.</summary>
    public string Format(string id, IReadOnlyList<(string Name, object? Value)> args)
    {
        var template = Find(id) ?? (Language == UiLanguage.English ? null : Of(UiLanguage.English).Find(id)) ?? id;
        if (args.Count == 0) return template;
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            foreach (var (key, value) in args)
            {
                if (key == name) return value is LocalMessage nested ? nested.In(Language) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
            return match.Value;
        });
    }

    /// <summary>The names of a template's placeholders, in order of appearance.</summary>
    public static IEnumerable<string> PlaceholdersOf(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    private static MessageCatalog Load(UiLanguage language)
    {
        var name = $"messages.{language.Tag}.json";
        using var stream = typeof(MessageCatalog).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name}: not embedded");
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            // A JSON object may repeat a key; a catalog must not (the second would silently win).
            if (!messages.TryAdd(property.Name, property.Value.GetString()!.Normalize(NormalizationForm.FormC)))
            {
                throw new InvalidOperationException($"{name}: '{property.Name}' appears twice");
            }
        }
        return new MessageCatalog(language, messages);
    }
}
