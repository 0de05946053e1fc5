namespace Sandbox.Runner.Sql;

/// <summary>An output grew past the job's output limit.</summary>
public sealed class OutputLimitException(long limit)
    : IOException($"output exceeds the job's output limit of {limit} bytes")
{
    /// <summary>The limit in bytes.</summary>
    public long Limit { get; } = limit;
}
