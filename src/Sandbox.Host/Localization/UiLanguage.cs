namespace Sandbox.Host.Localization;

/// <summary>
/// A language the CLI speaks: English or Simplified Chinese. Chosen by <c>--lang</c>, else by the locale variables
/// (<c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c>, in POSIX order), else English.
/// </summary>
internal sealed record UiLanguage(string Tag)
{
    public static UiLanguage English { get; } = new("en");

    public static UiLanguage Chinese { get; } = new("zh-CN");

    public static IReadOnlyList<UiLanguage> All { get; } = [English, Chinese];

    /// <summary>The language a <c>--lang</c> value names, or null: <c>en</c>, <c>zh-CN</c> (also <c>zh</c>, <c>zh_CN</c>, any case).</summary>
    public static UiLanguage? Parse(string value)
    {
        var tag = value.Trim().Replace('_', '-');
        if (tag.Equals("en", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("en-", StringComparison.OrdinalIgnoreCase)) return English;
        if (tag.Equals("zh", StringComparison.OrdinalIgnoreCase) || tag.Equals("zh-CN", StringComparison.OrdinalIgnoreCase)
            || tag.Equals("zh-Hans", StringComparison.OrdinalIgnoreCase)) return Chinese;
        return null;
    }

    /// <summary>
    /// The language of the locale variables: the first one set decides (<c>zh_CN.UTF-8</c>, <c>zh_CN</c>, <c>zh</c> are
    /// Chinese; <c>C</c>, <c>POSIX</c> and any other language are English, the fallback).
    /// </summary>
    public static UiLanguage FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var name in new[] { "LC_ALL", "LC_MESSAGES", "LANG" })
        {
            var value = environment(name);
            if (string.IsNullOrWhiteSpace(value)) continue;
            // language[_territory][.codeset][@modifier]
            var locale = value.Split('.', '@')[0];
            return locale.Equals("zh", StringComparison.OrdinalIgnoreCase) || locale.StartsWith("zh_", StringComparison.OrdinalIgnoreCase)
                || locale.StartsWith("zh-", StringComparison.OrdinalIgnoreCase) ? Chinese : English;
        }
        return English;
    }

    public override string ToString() => Tag;
}
