using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>A policy or check refused the operation: exit code 1, with the reasons.</summary>
public class RefusedException(string message) : Exception(message)
{
    /// <summary>A refusal whose English text is <paramref name="localized"/>'s; the CLI shows it in the reader's language.</summary>
    internal RefusedException(LocalMessage localized) : this(localized.ToString()) => Localized = localized;

    /// <summary>A refusal worded in English elsewhere (<paramref name="message"/>, kept as is), shown through <paramref name="localized"/> when given.</summary>
    internal RefusedException(string message, LocalMessage? localized) : this(message) => Localized = localized;

    /// <summary>The message by id, when it has one; null for a message known only in English.</summary>
    internal LocalMessage? Localized { get; }
}
