namespace Sandbox.Host.Home;

/// <summary>A policy or check refused the operation: exit code 1, with the reasons.</summary>
public class RefusedException(string message) : Exception(message);
