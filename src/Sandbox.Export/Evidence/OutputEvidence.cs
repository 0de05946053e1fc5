using System.Text.Json;

namespace Sandbox.Export.Evidence;

/// <summary>
/// What the runner measured about a SQL output (<c>&lt;name&gt;.evidence.json</c>, format 1, written by
/// <c>Sandbox.Runner.Sql.EvidenceWriter</c>): per output row the distinct subjects and single-subject
/// contributions, or why there is no such evidence. Never leaves the domain.
/// </summary>
public sealed class OutputEvidence
{
    private readonly Dictionary<string, EvidenceRow> _byKey;

    private OutputEvidence(string? outputSha256, string? subject, string? reason, IReadOnlyList<EvidenceRole> roles, IReadOnlyList<EvidenceRow> rows)
    {
        OutputSha256 = outputSha256;
        Subject = subject;
        Reason = reason;
        Roles = roles;
        Rows = rows;
        _byKey = new Dictionary<string, EvidenceRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            _byKey.TryAdd(KeyOf(row.Key), row);
        }
    }

    /// <summary>The SHA-256 of the output the evidence was computed for; null when unknown.</summary>
    public string? OutputSha256 { get; }

    /// <summary>The subject column counted, <c>table.column</c>.</summary>
    public string? Subject { get; }

    /// <summary>Why there is no evidence; null when there is.</summary>
    public string? Reason { get; }

    /// <summary>True when rows of evidence exist for the output.</summary>
    public bool Available => Reason is null;

    /// <summary>The role of each output column, in output order.</summary>
    public IReadOnlyList<EvidenceRole> Roles { get; }

    /// <summary>One row per group of the output.</summary>
    public IReadOnlyList<EvidenceRow> Rows { get; }

    /// <summary>Evidence that does not exist, with the reason a reviewer reads.</summary>
    public static OutputEvidence None(string reason) => new(null, null, reason, [], []);

    /// <summary>Evidence given directly (tests, benchmarks, other producers).</summary>
    public static OutputEvidence Of(string subject, IReadOnlyList<EvidenceRole> roles, IReadOnlyList<EvidenceRow> rows) =>
        new(null, subject, null, roles, rows);

    /// <summary>Reads an evidence file; an unreadable one is evidence that does not exist, saying so.</summary>
    public static OutputEvidence Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return None("no evidence was written for this output");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("format").GetInt32() != 1)
            {
                return None($"{Path.GetFileName(path)}: evidence format {root.GetProperty("format")} is not supported");
            }

            string? sha = root.GetProperty("outputSha256").GetString();
            if (root.GetProperty("reason").GetString() is { } reason)
            {
                return new OutputEvidence(sha, null, reason, [], []);
            }

            var roles = root.GetProperty("roles").EnumerateArray().Select(r => Enum.Parse<EvidenceRole>(r.GetString()!, ignoreCase: true)).ToList();
            var rows = new List<EvidenceRow>();
            foreach (var row in root.GetProperty("rows").EnumerateArray())
            {
                var key = row.GetProperty("key").EnumerateArray().Select(k => k.ValueKind == JsonValueKind.Null ? null : k.GetString()).ToList();
                var contributions = row.GetProperty("contributions").EnumerateArray()
                    .Select(c => new Contributions(Number(c[0]), Number(c[1]), Number(c[2]), Number(c[3]))).ToList();
                rows.Add(new EvidenceRow(key, row.GetProperty("subjects").GetInt64(), contributions));
            }

            return new OutputEvidence(sha, root.GetProperty("subject").GetString(), null, roles, rows);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return None($"{Path.GetFileName(path)}: the evidence cannot be read ({ex.GetType().Name})");
        }
    }

    /// <summary>The evidence row of the output row whose dimension cells are <paramref name="key"/>, or null.</summary>
    public EvidenceRow? Find(IReadOnlyList<string?> key) => _byKey.GetValueOrDefault(KeyOf(key));

    // A missing value and an empty string print alike in the CSV, so they are one key.
    private static string KeyOf(IReadOnlyList<string?> key) => string.Join('\u001f', key.Select(k => k ?? ""));

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
