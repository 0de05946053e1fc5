using System.Text.Json;

namespace Sandbox.Host.Backends.Docker;

/// <summary>The result line the runner prints last on stdout: outcome, reason, outputs with row counts.</summary>
internal sealed record RunnerReport(string Outcome, string? Reason, IReadOnlyList<(string Name, long Rows)> Outputs)
{
    private static readonly string[] Outcomes = ["succeeded", "failed", "killed", "cancelled"];

    /// <summary>Parses the last non-empty line of <paramref name="stdoutTail"/>; null when it is not a runner report.</summary>
    public static RunnerReport? Parse(string stdoutTail)
    {
        var line = stdoutTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null) return null;
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (!root.TryGetProperty("outcome", out var o)) return null;
            // The runner serializes the enum as a number or, with a converter, as a name: accept both.
            var outcome = o.ValueKind == JsonValueKind.Number && o.GetInt32() is var n && n >= 0 && n < Outcomes.Length
                ? Outcomes[n]
                : (o.GetString() ?? "failed").ToLowerInvariant();
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var outputs = new List<(string, long)>();
            if (root.TryGetProperty("outputs", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    outputs.Add((item.GetProperty("name").GetString() ?? "", item.TryGetProperty("rows", out var rows) ? rows.GetInt64() : 0));
                }
            }
            return new RunnerReport(outcome, reason, outputs);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }
}
