namespace Sandbox.Host.Home;

/// <summary>Bad input or usage: exit code 2, one line naming the file, line or field.</summary>
public sealed class InputException(string message, Exception? inner = null) : Exception(message, inner);
