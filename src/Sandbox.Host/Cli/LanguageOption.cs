using Sandbox.Host.Localization;

namespace Sandbox.Host.Cli;

/// <summary>
/// <c>--lang en|zh-CN</c>: read before the command line is parsed, because the help and the parser's own errors are
/// built in the chosen language. Without it, the locale variables decide.
/// </summary>
internal static class LanguageOption
{
    public const string Name = "--lang";

    /// <summary>The language for <paramref name="args"/>, and a refusal line when <c>--lang</c> names one we do not have.</summary>
    public static (UiLanguage Language, string? Refused) Choose(IReadOnlyList<string> args, UiLanguage? inherited, Func<string, string?> environment)
    {
        var fallback = inherited ?? UiLanguage.FromEnvironment(environment);
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--") break;
            if (args[i] == Name) value = i + 1 < args.Count ? args[i + 1] : "";
            else if (args[i].StartsWith(Name + "=", StringComparison.Ordinal) || args[i].StartsWith(Name + ":", StringComparison.Ordinal)) value = args[i][(Name.Length + 1)..];
        }
        if (value is null) return (fallback, null);
        if (UiLanguage.Parse(value) is { } chosen) return (chosen, null);
        var refused = MessageCatalog.Of(fallback).Format("cli.lang-unknown", [("value", value), ("known", string.Join(", ", UiLanguage.All))]);
        return (fallback, refused);
    }
}
