namespace Sandbox.Host.Localization;

/// <summary>
/// The user-facing text of the current command line, in its language. The language flows with the invocation
/// (an <see cref="AsyncLocal{T}"/>), so two commands run side by side in one process (tests, the API host) never mix.
/// Only what a person reads goes through here: JSON keys, error codes, state names and anything stored stay as they are.
/// </summary>
internal static class Messages
{
    private static readonly AsyncLocal<UiLanguage?> CurrentLanguage = new();

    public static UiLanguage Current
    {
        get => CurrentLanguage.Value ?? UiLanguage.English;
        set => CurrentLanguage.Value = value;
    }

    /// <summary>The language a command line chose, or null when none has (then <see cref="Current"/> is English).</summary>
    public static UiLanguage? Explicit => CurrentLanguage.Value;

    /// <summary>The message <paramref name="id"/> in the current language with its named placeholders filled in.</summary>
    public static string Get(string id, params (string Name, object? Value)[] args) =>
        MessageCatalog.Of(Current).Format(id, args);
}
