namespace Sandbox.Host.Localization;

/// <summary>
/// A message by id with its arguments, rendered in whichever language reads it. An exception carries one beside its
/// English <see cref="Exception.Message"/> (which the audit log, the API and anything stored keep using); the CLI shows
/// it in the reader's language. An argument that is itself a <see cref="LocalMessage"/> is rendered in the same language.
/// </summary>
internal sealed record LocalMessage(string Id, IReadOnlyList<(string Name, object? Value)> Args)
{
    public LocalMessage(string id, params (string Name, object? Value)[] args)
        : this(id, (IReadOnlyList<(string Name, object? Value)>)args)
    {
    }

    /// <summary>The message in <paramref name="language"/>.</summary>
    public string In(UiLanguage language) => MessageCatalog.Of(language).Format(Id, Args);

    /// <summary>The English text: what is stored and what the API answers.</summary>
    public override string ToString() => In(UiLanguage.English);
}
