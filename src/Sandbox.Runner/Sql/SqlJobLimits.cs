namespace Sandbox.Runner.Sql;

/// <summary>The limits one SQL job runs under.</summary>
public sealed record SqlJobLimits(TimeSpan Timeout, long MemoryBytes, int Threads, long OutputBytes);
