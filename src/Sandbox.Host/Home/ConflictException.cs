using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>
/// Refused because of where the resource stands (a job that has ended, an export already withdrawn or not yet
/// approved, an alert acknowledged already): exit code 1 on the CLI like any refusal, 409 on the API.
/// </summary>
public sealed class ConflictException : RefusedException
{
    public ConflictException(string message) : base(message)
    {
    }

    /// <summary>A conflict whose English text is <paramref name="localized"/>'s; the CLI shows it in the reader's language.</summary>
    internal ConflictException(LocalMessage localized) : base(localized)
    {
    }

    /// <summary>A conflict worded by a library in English (<paramref name="message"/>), with its reading by shape when it has one.</summary>
    internal ConflictException(string message, LocalMessage? localized) : base(message, localized)
    {
    }
}
