namespace Sandbox.Runner.Ml;

/// <summary>The job names a column the training query does not have, or one whose values cannot be used as asked.</summary>
public sealed class MlInputException(string message) : Exception(message);
