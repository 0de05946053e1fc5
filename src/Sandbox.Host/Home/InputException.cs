using Sandbox.Documents;

namespace Sandbox.Host.Home;

/// <summary>Bad input or usage: exit code 2, one line per problem naming the file, line or field.</summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The located problems behind the message, when it came from a document; empty otherwise.</summary>
    public IReadOnlyList<PolicyError> Errors { get; private init; } = [];

    /// <summary>Every problem of a document, one line each, kept located for <c>--json</c>.</summary>
    public static InputException Of(IReadOnlyList<PolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new InputException(string.Join('\n', errors)) { Errors = errors };
    }
}
