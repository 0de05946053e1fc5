using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>
/// No such resource — or one the acting principal may not see, which is answered exactly alike (exit 2 on the
/// CLI, 404 over HTTP), so a refusal never hints that something exists.
/// </summary>
public sealed class NotFoundException(string message) : Exception(message)
{
    /// <summary>Not found, with the English text of <paramref name="localized"/>; the CLI shows it in the reader's language.</summary>
    internal NotFoundException(LocalMessage localized) : this(localized.ToString()) => Localized = localized;

    /// <summary>The message by id, when it has one; null for a message known only in English.</summary>
    internal LocalMessage? Localized { get; }
}
