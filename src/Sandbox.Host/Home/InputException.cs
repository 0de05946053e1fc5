using Sandbox.Documents;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>Bad input or usage: exit code 2, one line per problem naming the file, line or field.</summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Bad input whose English text is <paramref name="localized"/>'s; the CLI shows it in the reader's language.</summary>
    internal InputException(LocalMessage localized, Exception? inner = null) : this(localized.ToString(), inner) => Localized = localized;

    /// <summary>The message by id, when it has one; null for a message known only in English.</summary>
    internal LocalMessage? Localized { get; }

    /// <summary>The located problems behind the message, when it came from a document; empty otherwise.</summary>
    public IReadOnlyList<PolicyError> Errors { get; private init; } = [];

    /// <summary>Every problem of a document, one line each, kept located for <c>--json</c>.</summary>
    public static InputException Of(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new InputException(string.Join('\n', errors)) { Errors = errors };
    }
}
