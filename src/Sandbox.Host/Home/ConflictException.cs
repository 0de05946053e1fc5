namespace Sandbox.Host.Home;

/// <summary>
/// Refused because of where the resource stands (a job that has ended, an export already withdrawn or not yet
/// approved, an alert acknowledged already): exit code 1 on the CLI like any refusal, 409 on the API.
/// </summary>
public sealed class ConflictException(string message) : RefusedException(message);
