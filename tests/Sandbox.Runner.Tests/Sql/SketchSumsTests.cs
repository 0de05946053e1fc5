using System.Text.Json;
using DuckDB.NET.Data;
using Sandbox.Policy.Queries.Evidence;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

/// <summary>
/// The evidence sums each cell's subjects per bucket in SQL and rebuilds the fingerprint from the sums: it must be,
/// byte for byte, the fingerprint of adding every counted subject's hash one by one — for groups that share subjects,
/// several rows per subject, hidden keys with a HAVING that drops a group, filtered cells, and joins of two subject
/// tables. The reference lists every hash (what the evidence did before) and adds them with <see cref="SubjectSketch.Add"/>.
/// </summary>
public sealed class SketchSumsTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private static readonly Dictionary<string, string> Subjects = new(StringComparer.OrdinalIgnoreCase) { ["t"] = "id", ["u"] = "id", ["m"] = "id" };
    private static readonly HashSet<string> Unique = new(StringComparer.OrdinalIgnoreCase) { "t", "u" };

    private static SqlJobLimits Limits => new(TimeSpan.FromSeconds(30), 256L << 20, 1, 1 << 20);

    [Theory]
    // Several rows per subject (m: ten each), one cell filtered.
    [InlineData("SELECT district, count(*) AS n, count(*) FILTER (WHERE id < 30) AS few FROM m GROUP BY district",
        "SELECT district, list(DISTINCT hash(id)), list(DISTINCT hash(id)) FILTER (WHERE id < 30) FROM m GROUP BY district", false)]
    // Groups that share subjects: the ten rows of each subject of m (rows id, id + 100, …) fall in all three groups.
    [InlineData("SELECT rowid % 3 AS g, count(*) AS n FROM m GROUP BY g",
        "SELECT rowid % 3 AS g, list(DISTINCT hash(id)) FROM m GROUP BY g", false)]
    // Row by row (each subject once), a SUM cell counting only the subjects with a non-zero share.
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM t GROUP BY district",
        "SELECT district, list(hash(id)), list(hash(id)) FILTER (WHERE amount <> 0) FROM t GROUP BY district", true)]
    // A hidden key and a HAVING that drops one group: several evidence rows per shown key, the dropped one absent.
    [InlineData("SELECT district, count(*) AS n FROM t GROUP BY district, id % 2 HAVING min(id) > 0",
        "SELECT district, list(hash(id)) FROM t GROUP BY district, id % 2 HAVING min(id) > 0", true)]
    // A join of two subject tables (t and u share ids): one evidence row per group and table.
    [InlineData("SELECT t.district, count(*) AS n FROM t JOIN u ON t.id = u.id GROUP BY t.district",
        "SELECT t.district, list(DISTINCT hash(t.id)) FROM t JOIN u ON t.id = u.id GROUP BY t.district UNION ALL SELECT t.district, list(DISTINCT hash(u.id)) FROM t JOIN u ON t.id = u.id GROUP BY t.district", true)]
    // No GROUP BY: one group of everything.
    [InlineData("SELECT count(*) AS n, avg(amount) AS a FROM u",
        "SELECT list(hash(id)), list(hash(id)) FILTER (WHERE amount IS NOT NULL) FROM u", true)]
    public void Evidence_SketchFromBucketSums_EqualsSketchOfEveryHash(string sql, string reference, bool unique)
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database, [("o", sql)], outDir, Limits, CancellationToken.None, Subjects, unique ? Unique : null);
        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "o.evidence.json")));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("reason").ValueKind);
        var actual = document.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => Line(r.GetProperty("key").EnumerateArray().Select(k => k.GetString()), r.GetProperty("sketches").EnumerateArray().Select(s => s.GetString()!)))
            .Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(actual);
        Assert.Equal(Reference(reference), actual);
    }

    // One line per reference row: its key cells, then the sketch of each listed cell built hash by hash.
    private List<string> Reference(string sql)
    {
        using var duck = new DuckDBConnection($"DataSource={workspace.Database};ACCESS_MODE=READ_ONLY");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            var key = new List<string?>();
            var sketches = new List<string>();
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetFieldType(i) == typeof(List<ulong>))
                {
                    var sketch = new SubjectSketch();
                    if (!reader.IsDBNull(i))
                    {
                        foreach (var hash in reader.GetFieldValue<List<ulong>>(i)) sketch.Add(hash);
                    }
                    sketches.Add(Convert.ToBase64String(sketch.ToBytes()));
                }
                else
                {
                    key.Add(reader.IsDBNull(i) ? null : CsvWriter.Format(reader.GetValue(i)));
                }
            }
            lines.Add(Line(key, sketches));
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }

    private static string Line(IEnumerable<string?> key, IEnumerable<string> sketches) =>
        string.Join('|', key.Select(k => k ?? "∅")) + " → " + string.Join(' ', sketches);
}
