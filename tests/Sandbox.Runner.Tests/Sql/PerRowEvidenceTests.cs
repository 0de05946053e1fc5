using System.Text.Json;
using Sandbox.Policy.Queries.Evidence;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

/// <summary>
/// Evidence measured row by row (a table known to hold each subject once) must be exactly the evidence grouped by
/// subject: the same groups, subject counts, cells, contributions and fingerprints, query by query — and the shapes
/// it does not take keep the grouping.
/// </summary>
public sealed class PerRowEvidenceTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private static readonly Dictionary<string, string> Subjects = new(StringComparer.OrdinalIgnoreCase) { ["t"] = "id", ["u"] = "id", ["m"] = "id" };
    private static readonly HashSet<string> Unique = new(StringComparer.OrdinalIgnoreCase) { "t", "u" };

    private static SqlJobLimits Limits => new(TimeSpan.FromSeconds(30), 256L << 20, 1, 1 << 20);

    [Theory]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM u GROUP BY district")]
    [InlineData("SELECT district, avg(amount) AS a, min(amount) AS lo, max(amount) AS hi, count(amount) AS c FROM u GROUP BY district")]
    [InlineData("SELECT district, count(DISTINCT amount) AS c, count(*) FILTER (WHERE id < 100) AS few FROM u GROUP BY district")]
    [InlineData("SELECT district, sum(amount) FILTER (WHERE id % 3 = 0) AS s, avg(amount) FILTER (WHERE amount > 50) AS a FROM u GROUP BY district")]
    [InlineData("SELECT district, count_if(amount > 100) AS big FROM u GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n FROM u GROUP BY ALL")]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM u GROUP BY district, id % 2 HAVING count(*) > 40")]
    [InlineData("SELECT count(*) AS n, sum(amount) AS s FROM u")]
    [InlineData("SELECT district, count(*) AS n FROM u WHERE amount > 10 GROUP BY 1")]
    [InlineData("SELECT district, sum(amount) / count(*) AS mean, sum(amount * 2 + 1) AS s2 FROM u GROUP BY district")]
    [InlineData("SELECT district, sum(CASE WHEN district = 'd1' THEN amount ELSE 0 END) AS s FROM u GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM t AS x WHERE x.amount < 1000 GROUP BY x.district")]
    public void Evidence_RowByRow_EqualsEvidenceGroupedBySubject(string sql)
    {
        Assert.NotEqual(EvidenceRewriter.Plan(sql, Subjects).Sql, EvidenceRewriter.Plan(sql, Subjects, Unique).Sql); // the per-row path is taken

        Assert.Equal(Evidence(sql, null), Evidence(sql, Unique));
    }

    [Fact]
    public void Plan_RowByRow_CountsRowsNotTheSubjectColumn()
    {
        // Counting the subject decodes every one of its values (long tokens), at several times the query's own cost:
        // per row there is no NULL subject, so the fold counts rows and only the fingerprints read the column.
        const string sql = "SELECT district, count(*) AS n, sum(amount) AS s FROM u GROUP BY district";
        Assert.Contains("count(\"__subject\")", EvidenceRewriter.Plan(sql, Subjects).Sql);
        Assert.DoesNotContain("count(\"__subject\")", EvidenceRewriter.Plan(sql, Subjects, Unique).Sql);
    }

    [Theory]
    [InlineData("SELECT x.district, count(*) AS n FROM u x JOIN t y ON x.id = y.id GROUP BY x.district")]
    [InlineData("WITH v AS (SELECT * FROM u) SELECT district, count(*) AS n FROM v GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n FROM (SELECT * FROM u) s GROUP BY district")]
    [InlineData("SELECT district, string_agg(district, ',') AS all_of_them FROM u GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n FROM m GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n, rank() OVER (ORDER BY count(*)) AS r FROM u GROUP BY district")]
    public void Evidence_OtherShapes_KeepTheGrouping(string sql)
    {
        Assert.Equal(EvidenceRewriter.Plan(sql, Subjects).Sql, EvidenceRewriter.Plan(sql, Subjects, Unique).Sql);
    }

    // The evidence file's content with rows in a fixed order (the evidence query has none of its own).
    private string Evidence(string sql, IReadOnlySet<string>? unique)
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database, [("o", sql)], outDir, Limits, CancellationToken.None, Subjects, unique);
        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "o.evidence.json")));
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        var rows = root.GetProperty("rows").EnumerateArray().Select(r => r.GetRawText()).Order(StringComparer.Ordinal);
        var rest = root.EnumerateObject().Where(p => p.Name != "rows").Select(p => p.ToString());
        return string.Join('\n', rest.Concat(rows));
    }
}
