namespace Sandbox.Host.Home;

/// <summary>The authorizer refused the acting principal an action on a resource it may see: exit 1, HTTP 403.</summary>
public sealed class ForbiddenException(string message) : RefusedException(message);
