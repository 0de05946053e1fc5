namespace Sandbox.Runner.Ml;

/// <summary>Training would pass one of the job's limits (memory).</summary>
public sealed class MlLimitException(string message) : Exception(message);
