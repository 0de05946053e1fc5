namespace Sandbox.Runner.Sql;

/// <summary>How a SQL job ended.</summary>
public enum SqlJobOutcome
{
    /// <summary>Every query ran and wrote its output.</summary>
    Succeeded,
    /// <summary>A query failed (SQL error, a refused operation).</summary>
    Failed,
    /// <summary>A limit stopped the job (time, output size).</summary>
    Killed,
    /// <summary>The caller cancelled the job.</summary>
    Cancelled,
}

/// <summary>The outcome, the reason when not successful, and the outputs written.</summary>
public sealed record SqlJobResult(SqlJobOutcome Outcome, string? Reason, IReadOnlyList<SqlOutput> Outputs);
