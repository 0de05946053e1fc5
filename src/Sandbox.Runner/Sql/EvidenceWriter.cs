using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using DuckDB.NET.Data;
using Sandbox.Contracts.Evidence;
using Sandbox.Policy.Queries;
using Sandbox.Policy.Queries.Evidence;

namespace Sandbox.Runner.Sql;

/// <summary>
/// Writes <c>&lt;name&gt;.evidence.json</c> beside a SQL output: the evidence the export gate's threshold and
/// dominance rules need. It stays inside the domain: it holds single-subject contributions and is never exported.
/// </summary>
/// <remarks>
/// Format 2: <c>{"format":2,"output","outputSha256","subject","subjects":[table.column…],"reason","listing",
/// "roles":["dimension"|"count"|"sum"|"average"|"other"],"rows":[{"key":[cells as in the CSV],"table":i,"subjects":n,
/// "cells":[n…],"contributions":[[top1,top2,total,min]…],"sketches":[base64…]}]}</c>; <c>sketches</c> (added to
/// format 2) are the subject-set fingerprints of the aggregate cells (<see cref="SubjectSketch"/>), in output order. A group is keyed by every GROUP BY key, so several
/// rows may share a key (hidden keys, or one row per subject table); <c>cells</c> follow the aggregate columns and
/// <c>contributions</c> the SUM/AVG columns, in output order. A listing (<c>"listing":true</c>) rests on one subject
/// per row and has no rows. Without evidence <c>reason</c> says why and <c>rows</c> is empty. Groups a HAVING drops
/// are never listed. Read by <c>Sandbox.Export.Evidence.OutputEvidence</c>.
/// </remarks>
internal static class EvidenceWriter
{
    /// <summary>The suffix of evidence files; such a file is never a job output.</summary>
    public const string Suffix = EvidenceRoles.FileSuffix;

    // Evidence has one row per group; past this, it costs more than it tells and a reviewer judges instead.
    internal const int MaxRows = 200_000;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Evidence holds single-subject values: readable by the process that wrote it (the host, or the container's
    // supervisor that hands /out over) and nobody else; the export gate reads it, never the operator.
    private static FileStreamOptions Private()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }

    /// <summary>Plans and runs the evidence of one output and writes it; a failing evidence query is written as the reason.</summary>
    /// <remarks>
    /// <paramref name="derivedColumns"/> counts the columns the output has after the statement's own, each computed
    /// from its row alone (a model's predictions): in a listing they are the row's values like the rest; in grouped
    /// output each is measured as the row's smallest cell (it can say no more about a group than the values it was
    /// computed from).
    /// </remarks>
    /// <exception cref="OperationCanceledException">The job's deadline or cancellation interrupted the evidence query.</exception>
    public static void Write(DuckDBConnection connection, string name, string sql, string outputPath,
        IReadOnlyDictionary<string, string> subjects, CancellationToken cancellationToken, IReadOnlySet<string>? uniqueSubjects = null, int derivedColumns = 0)
    {
        string path = Path.Combine(Path.GetDirectoryName(outputPath)!, name + Suffix);
        string sha256;
        using (var output = File.OpenRead(outputPath))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(output));
        }

        EvidencePlan plan;
        try
        {
            plan = EvidenceRewriter.Plan(sql, subjects, uniqueSubjects);
        }
        catch (SqlParseException ex)
        {
            plan = new EvidencePlan(null, [], null, $"the statement could not be rewritten: {ex.Message}");
        }

        Timing.PhaseClock.Mark("evidence hash and plan");
        var rows = new List<EvidenceLine>();
        string? reason = plan.Reason;
        if (plan.Available)
        {
            try
            {
                reason = Collect(connection, plan, rows, cancellationToken);
            }
            catch (DuckDBException ex) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"the evidence query failed: {QueryErrors.Describe(ex)}";
                rows.Clear();
            }
        }

        Timing.PhaseClock.Mark("evidence query");
        var roles = plan.Roles.ToList();
        if (derivedColumns > 0)
        {
            roles.AddRange(Enumerable.Repeat(plan.Listing ? EvidenceRole.Dimension : EvidenceRole.Other, derivedColumns));
            rows = [.. rows.Select(row => row.WithDerived(derivedColumns))];
        }

        // Its own temporary name: two export requests may measure the same output at once; the last rename wins, whole.
        var temp = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            WriteFile(temp, sha256, plan, reason, roles, rows, outputPath);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void WriteFile(string temp, string sha256, EvidencePlan plan, string? reason, List<EvidenceRole> roles, List<EvidenceLine> rows, string outputPath)
    {
        using (var file = new FileStream(temp, Private()))
        using (var json = new Utf8JsonWriter(file, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("format", 2);
            json.WriteString("output", Path.GetFileName(outputPath));
            json.WriteString("outputSha256", sha256);
            json.WriteString("subject", reason is null ? plan.Subject : null);
            json.WriteStartArray("subjects");
            foreach (var subject in reason is null ? plan.Subjects : [])
            {
                json.WriteStringValue(subject);
            }

            json.WriteEndArray();
            json.WriteString("reason", reason);
            json.WriteBoolean("listing", reason is null && plan.Listing);
            json.WriteStartArray("roles");
            foreach (var role in roles)
            {
                json.WriteStringValue(EvidenceRoles.Vocabulary.Name(role));
            }

            json.WriteEndArray();
            json.WriteStartArray("rows");
            foreach (var row in rows)
            {
                row.Write(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static string? Collect(DuckDBConnection connection, EvidencePlan plan, List<EvidenceLine> rows, CancellationToken cancellationToken)
    {
        int dimensions = plan.DimensionColumns.Count;
        var aggregates = plan.Roles.Where(r => r != EvidenceRole.Dimension).ToList();
        using var command = connection.CreateCommand();
        command.CommandText = plan.Sql;
        using var registration = cancellationToken.Register(command.Cancel);
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (rows.Count == MaxRows)
            {
                rows.Clear();
                return $"more than {MaxRows} groups: too many to carry evidence";
            }

            var key = new string?[dimensions];
            for (int i = 0; i < dimensions; i++)
            {
                // Formatted exactly as the CSV writer formats the output's cell, so keys match cell for cell.
                key[i] = reader.IsDBNull(i) ? null : CsvWriter.Format(reader.GetValue(i));
            }

            int ordinal = dimensions;
            int table = reader.GetInt32(ordinal++);
            long subjects = reader.GetInt64(ordinal++);
            var cells = new long[aggregates.Count];
            var contributions = new List<double?[]>();
            for (int a = 0; a < aggregates.Count; a++)
            {
                cells[a] = reader.IsDBNull(ordinal) ? 0 : reader.GetInt64(ordinal);
                ordinal++;
                if (aggregates[a] is EvidenceRole.Sum or EvidenceRole.Average)
                {
                    var measured = new double?[4];
                    for (int k = 0; k < 4; k++, ordinal++)
                    {
                        measured[k] = reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
                    }

                    contributions.Add(measured);
                }
            }

            // The subject-set fingerprint of each aggregate cell, rebuilt from its per-bucket sums (see EvidenceQuery).
            var sketches = new string[aggregates.Count];
            for (int a = 0; a < aggregates.Count; a++, ordinal++)
            {
                var sketch = new SubjectSketch();
                if (!reader.IsDBNull(ordinal))
                {
                    var sums = reader.GetFieldValue<List<ulong>>(ordinal);
                    for (int i = 0; i + 3 < sums.Count; i += 4)
                    {
                        sketch.AddBucket(checked((int)sums[i]), checked((long)sums[i + 1]), sums[i + 2], checked((uint)sums[i + 3]));
                    }
                }

                sketches[a] = Convert.ToBase64String(sketch.ToBytes());
            }

            rows.Add(new EvidenceLine(key, table, subjects, cells, contributions) { Sketches = sketches });
        }

        return null;
    }
}
