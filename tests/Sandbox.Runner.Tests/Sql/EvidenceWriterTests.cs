using System.Text.Json;
using Sandbox.Runner.Sql;

namespace Sandbox.Runner.Tests.Sql;

public sealed class EvidenceWriterTests(WorkspaceFixture workspace) : IClassFixture<WorkspaceFixture>
{
    private static readonly Dictionary<string, string> Subjects = new(StringComparer.OrdinalIgnoreCase) { ["t"] = "id" };

    private static SqlJobLimits Limits => new(TimeSpan.FromSeconds(30), 256L << 20, 1, 1 << 20);

    [Fact]
    public void Run_WithSubjects_WritesEvidenceBesideTheOutput()
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database,
            [("by_district", "SELECT district, count(*) AS n, sum(amount) AS total FROM t GROUP BY district ORDER BY district")],
            outDir, Limits, CancellationToken.None, Subjects);

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        Assert.Single(result.Outputs); // the evidence is not an output
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "by_district.evidence.json")));
        var root = evidence.RootElement;
        Assert.Equal("by_district.csv", root.GetProperty("output").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reason").ValueKind);
        Assert.Equal("t.id", root.GetProperty("subject").GetString());
        Assert.Equal(["dimension", "count", "sum"], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        var d0 = root.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key")[0].GetString() == "d0");
        Assert.Equal(200, d0.GetProperty("subjects").GetInt64());
        var sums = d0.GetProperty("contributions")[0].EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // d0 holds ids 0, 5, …, 995; each id one row of 1.5 × id.
        Assert.Equal([995 * 1.5, 990 * 1.5, Enumerable.Range(0, 200).Sum(i => i * 5 * 1.5), 0], sums);
    }

    [Fact]
    public void Run_Aggregate_WritesEachCellsSubjectSetFingerprint()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database,
            [("by_district", "SELECT district, count(*) AS n, count(*) FILTER (WHERE id < 500) AS low FROM t GROUP BY district")],
            outDir, Limits, CancellationToken.None, Subjects);

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "by_district.evidence.json")));
        var d0 = evidence.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key")[0].GetString() == "d0");
        var sketches = d0.GetProperty("sketches").EnumerateArray()
            .Select(s => Sandbox.Policy.Queries.Evidence.SubjectSketch.FromBytes(Convert.FromBase64String(s.GetString()!))).ToArray();
        Assert.Equal([200L, 100L], sketches.Select(s => s.Subjects));
        // The filtered cell's set is the whole one less 100 subjects: too many to decode, as it should be.
        Assert.Null(Sandbox.Policy.Queries.Evidence.SubjectSketch.Difference(sketches[0], sketches[1]));
    }

    [Fact]
    public void Run_Listing_WritesThatEachRowIsOneSubject()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database, [("rows", "SELECT district, amount FROM t LIMIT 3")], outDir, Limits, CancellationToken.None, Subjects);

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "rows.evidence.json")));
        Assert.Equal(JsonValueKind.Null, evidence.RootElement.GetProperty("reason").ValueKind);
        Assert.True(evidence.RootElement.GetProperty("listing").GetBoolean());
        Assert.Empty(evidence.RootElement.GetProperty("rows").EnumerateArray());
    }

    [Fact]
    public void Run_SetOperation_WritesTheReasonInstead()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database, [("u", "SELECT district FROM t UNION SELECT 'x'")], outDir, Limits, CancellationToken.None, Subjects);

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "u.evidence.json")));
        Assert.Contains("set operation", evidence.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Run_HiddenGroupKeyAndFilter_WritesEveryGroupAndTheSubjectsEachCellCounts()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database,
            [("g", "SELECT district, count(*) FILTER (WHERE id < 10) AS few, sum(amount) AS s FROM t GROUP BY district, id % 2 HAVING count(*) > 0")],
            outDir, Limits, CancellationToken.None, Subjects);

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "g.evidence.json")));
        var root = evidence.RootElement;
        Assert.Equal(2, root.GetProperty("format").GetInt32());
        var d0 = root.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("key")[0].GetString() == "d0").ToList();
        Assert.Equal(2, d0.Count); // keyed by the hidden id % 2 as well
        Assert.All(d0, r => Assert.Equal(100, r.GetProperty("subjects").GetInt64()));
        Assert.Equal([1L, 1L], d0.Select(r => r.GetProperty("cells")[0].GetInt64()).Order()); // ids 0 and 5
        Assert.Equal([99L, 100L], d0.Select(r => r.GetProperty("cells")[1].GetInt64()).Order()); // id 0 adds nothing to the sum
    }

    [Theory]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM m GROUP BY district")]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM m GROUP BY ALL")]
    [InlineData("SELECT district, count(*) AS n, sum(amount) AS s FROM m WHERE amount > 0 GROUP BY 1")]
    public void Run_SeveralRowsPerSubject_CountsSubjectsNotRows(string sql)
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database, [("g", sql)], outDir, Limits, CancellationToken.None, new Dictionary<string, string> { ["m"] = "id" });

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "g.evidence.json")));
        var d0 = evidence.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key")[0].GetString() == "d0");
        Assert.Equal(50, d0.GetProperty("subjects").GetInt64());
        Assert.Equal([50L, 50L], d0.GetProperty("cells").EnumerateArray().Select(c => c.GetInt64()));
        // Each subject contributes its ten rows' sum, once.
        Assert.Equal([10.0, 10.0, 500.0, 10.0], d0.GetProperty("contributions")[0].EnumerateArray().Select(v => v.GetDouble()));
        var sketches = d0.GetProperty("sketches").EnumerateArray()
            .Select(s => Sandbox.Policy.Queries.Evidence.SubjectSketch.FromBytes(Convert.FromBase64String(s.GetString()!))).ToArray();
        Assert.All(sketches, s => Assert.Equal(50L, s.Subjects));
        Assert.All(sketches, s => Assert.Equal(0, Sandbox.Policy.Queries.Evidence.SubjectSketch.Difference(s, sketches[0])));
    }

    [Fact]
    public void Run_Rollup_CountsEachGroupingSetsSubjectsOnce()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database, [("g", "SELECT district, count(*) AS n FROM m GROUP BY ROLLUP (district)")], outDir, Limits, CancellationToken.None,
            new Dictionary<string, string> { ["m"] = "id" });

        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "g.evidence.json")));
        var root = evidence.RootElement;
        // Either evidence that counts subjects (never rows), or none with the reason: never a count of rows.
        if (root.GetProperty("reason").ValueKind == JsonValueKind.Null)
        {
            Assert.All(root.GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("subjects").GetInt64() <= 100));
        }
        else
        {
            Assert.Empty(root.GetProperty("rows").EnumerateArray());
        }
    }

    [Fact]
    public void Run_WithoutSubjects_WritesNoEvidence()
    {
        var outDir = workspace.NewOutputDirectory();
        SqlJobExecutor.Run(workspace.Database, [("n", "SELECT count(*) AS n FROM t")], outDir, Limits, CancellationToken.None);

        Assert.Equal(["n.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_SubjectColumnMissingFromWorkspace_RecordsTheFailureAndStillSucceeds()
    {
        var outDir = workspace.NewOutputDirectory();
        var result = SqlJobExecutor.Run(workspace.Database, [("n", "SELECT district, count(*) AS n FROM t GROUP BY district")], outDir, Limits,
            CancellationToken.None, new Dictionary<string, string> { ["t"] = "no_such_column" });

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        using var evidence = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "n.evidence.json")));
        Assert.StartsWith("the evidence query failed", evidence.RootElement.GetProperty("reason").GetString());
    }
}
