namespace Sandbox.Host.Home;

/// <summary>
/// No such resource — or one the acting principal may not see, which is answered exactly alike (exit 2 on the
/// CLI, 404 over HTTP), so a refusal never hints that something exists.
/// </summary>
public sealed class NotFoundException(string message) : Exception(message);
