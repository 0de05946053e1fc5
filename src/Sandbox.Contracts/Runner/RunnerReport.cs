using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sandbox.Contracts.Runner;

/// <summary>How a runner's job ended.</summary>
[JsonConverter(typeof(RunnerOutcomeConverter))]
public enum RunnerOutcome
{
    /// <summary>Every query ran and wrote its output.</summary>
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    /// <summary>A query failed (an SQL error, a refused operation).</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>A limit stopped the job (time, output size).</summary>
    [JsonStringEnumMemberName("killed")]
    Killed,

    /// <summary>The caller cancelled the job.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>Outcomes by name only: a number is not a report.</summary>
public sealed class RunnerOutcomeConverter() : JsonStringEnumConverter<RunnerOutcome>(namingPolicy: null, allowIntegerValues: false);

/// <summary>One output the runner wrote.</summary>
/// <param name="Name">The query's name.</param>
/// <param name="Rows">Its rows.</param>
public sealed record RunnerOutput(string Name, long Rows);

/// <summary>
/// The line the runner prints last on stdout: the outcome, the reason when not successful, the outputs. Written by
/// <c>sandbox-runner</c>, read by the host's docker backend; both go through <see cref="ContractJson"/>.
/// </summary>
/// <param name="Outcome">How the job ended.</param>
/// <param name="Reason">Why, when it did not succeed (already redacted by the runner).</param>
/// <param name="Outputs">The outputs written.</param>
public sealed record RunnerReport(RunnerOutcome Outcome, string? Reason, IReadOnlyList<RunnerOutput> Outputs)
{
    /// <summary>The runner's own CPU time at its end, user and system (null from a runner that does not say).</summary>
    public long? CpuMilliseconds { get; init; }

    /// <summary>The runner's own peak resident memory at its end (null from a runner that does not say).</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>The report as its one line.</summary>
    public string ToLine() => JsonSerializer.Serialize(this, ContractJson.Default.RunnerReport);

    /// <summary>
    /// The report in the last non-empty line of <paramref name="stdoutTail"/>, or null when that line is not one: a
    /// job's own output can only make the host find no report (a failure), never a different one than the line says.
    /// </summary>
    public static RunnerReport? FromLastLine(string stdoutTail)
    {
        ArgumentNullException.ThrowIfNull(stdoutTail);
        var line = stdoutTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null) return null;
        try
        {
            var report = JsonSerializer.Deserialize(line, ContractJson.Default.RunnerReport);
            return report is { Outputs: not null } && Enum.IsDefined(report.Outcome) ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
