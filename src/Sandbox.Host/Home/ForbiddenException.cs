using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>The authorizer refused the acting principal an action on a resource it may see: exit 1, HTTP 403.</summary>
public sealed class ForbiddenException : RefusedException
{
    public ForbiddenException(string message) : base(message)
    {
    }

    internal ForbiddenException(LocalMessage localized) : base(localized)
    {
    }
}
