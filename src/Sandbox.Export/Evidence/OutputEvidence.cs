using System.Text.Json;
using Sandbox.Contracts.Evidence;

namespace Sandbox.Export.Evidence;

/// <summary>
/// What the runner measured about a SQL output (<c>&lt;name&gt;.evidence.json</c>, formats 1 and 2, written by
/// <c>Sandbox.Runner.Sql.EvidenceWriter</c>): per group the distinct subjects of each subject table, the subjects
/// each aggregate cell counts and the single-subject contributions; or that the output is a listing; or why there
/// is no such evidence. Never leaves the domain.
/// </summary>
/// <remarks>
/// A group is keyed by every GROUP BY key, shown or not, so one output row's visible key may match several groups:
/// the rules then hold every candidate to the limits, since the row may be any of them.
/// </remarks>
public sealed class OutputEvidence
{
    private static readonly EvidenceRow[] SingleSubject = [new EvidenceRow([], 1, [])];

    private readonly Dictionary<string, List<EvidenceRow>> _byKey;

    private OutputEvidence(string? outputSha256, string? subject, string? reason, IReadOnlyList<EvidenceRole> roles, IReadOnlyList<EvidenceRow> rows, bool listing = false)
    {
        Listing = listing;
        OutputSha256 = outputSha256;
        Subject = subject;
        Reason = reason;
        Roles = roles;
        Rows = rows;
        _byKey = new Dictionary<string, List<EvidenceRow>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string key = KeyOf(row.Key);
            if (!_byKey.TryGetValue(key, out var candidates))
            {
                _byKey[key] = candidates = [];
            }

            candidates.Add(row);
        }
    }

    /// <summary>The SHA-256 of the output the evidence was computed for; null when unknown.</summary>
    public string? OutputSha256 { get; }

    /// <summary>The subject column of each subject table (an evidence row's <see cref="EvidenceRow.Table"/> indexes it).</summary>
    public IReadOnlyList<string> Subjects { get; private init; } = [];

    /// <summary>The subject column counted, <c>table.column</c>.</summary>
    public string? Subject { get; }

    /// <summary>Why there is no evidence; null when there is.</summary>
    public string? Reason { get; }

    /// <summary>True when rows of evidence exist for the output.</summary>
    public bool Available => Reason is null;

    /// <summary>True when the output is a listing: each row is one row read, resting on a single subject.</summary>
    public bool Listing { get; }

    /// <summary>The role of each output column, in output order.</summary>
    public IReadOnlyList<EvidenceRole> Roles { get; }

    /// <summary>One row per group of the output.</summary>
    public IReadOnlyList<EvidenceRow> Rows { get; }

    /// <summary>Evidence that does not exist, with the reason a reviewer reads.</summary>
    public static OutputEvidence None(string reason) => new(null, null, reason, [], []);

    /// <summary>Evidence given directly (tests, benchmarks, other producers).</summary>
    public static OutputEvidence Of(string subject, IReadOnlyList<EvidenceRole> roles, IReadOnlyList<EvidenceRow> rows) =>
        new(null, subject, null, roles, rows);

    /// <summary>The evidence of a listing: every row rests on a single subject.</summary>
    public static OutputEvidence ListingOf(string subject, int columns) =>
        new(null, subject, null, Enumerable.Repeat(EvidenceRole.Dimension, columns).ToList(), [], listing: true);

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
            int format = root.GetProperty("format").GetInt32();
            if (format is not (1 or 2))
            {
                return None($"{Path.GetFileName(path)}: evidence format {root.GetProperty("format")} is not supported");
            }

            string? sha = root.GetProperty("outputSha256").GetString();
            if (root.GetProperty("reason").GetString() is { } reason)
            {
                return new OutputEvidence(sha, null, reason, [], []);
            }

            bool listing = format == 2 && root.GetProperty("listing").GetBoolean();
            var roles = root.GetProperty("roles").EnumerateArray().Select(r => EvidenceRoles.Vocabulary.Parse(r.GetString()!)).ToList();
            var rows = new List<EvidenceRow>();
            foreach (var row in root.GetProperty("rows").EnumerateArray())
            {
                var key = row.GetProperty("key").EnumerateArray().Select(k => k.ValueKind == JsonValueKind.Null ? null : k.GetString()).ToList();
                var contributions = row.GetProperty("contributions").EnumerateArray()
                    .Select(c => new Contributions(Number(c[0]), Number(c[1]), Number(c[2]), Number(c[3]))).ToList();
                var evidenceRow = new EvidenceRow(key, row.GetProperty("subjects").GetInt64(), contributions);
                if (format == 2)
                {
                    evidenceRow = evidenceRow with
                    {
                        Table = row.GetProperty("table").GetInt32(),
                        Cells = [.. row.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64())],
                        Sketches = row.TryGetProperty("sketches", out var sketches) ? [.. sketches.EnumerateArray().Select(c => c.GetString() ?? "")] : [],
                    };
                }

                rows.Add(evidenceRow);
            }

            return new OutputEvidence(sha, root.GetProperty("subject").GetString(), null, roles, rows, listing)
            {
                Subjects = format == 2 ? [.. root.GetProperty("subjects").EnumerateArray().Select(s => s.GetString() ?? "")] : [],
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            return None($"{Path.GetFileName(path)}: the evidence cannot be read ({ex.GetType().Name})");
        }
    }

    /// <summary>The first evidence row of the output row whose dimension cells are <paramref name="key"/>, or null.</summary>
    public EvidenceRow? Find(IReadOnlyList<string?> key) => Candidates(key).FirstOrDefault();

    /// <summary>
    /// Every group the output row whose dimension cells are <paramref name="key"/> may be (several under hidden
    /// GROUP BY keys or several subject tables); empty when none matches. A listing's row is one single-subject row.
    /// </summary>
    public IReadOnlyList<EvidenceRow> Candidates(IReadOnlyList<string?> key) =>
        Listing ? SingleSubject : _byKey.TryGetValue(KeyOf(key), out var rows) ? rows : [];

    // A missing value and an empty string print alike in the CSV, so they are one key.
    private static string KeyOf(IReadOnlyList<string?> key) => string.Join('\u001f', key.Select(k => k ?? ""));

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
