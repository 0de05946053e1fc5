using System.Text.Json;
using DuckDB.NET.Data;
using Sandbox.Contracts;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;
using Sandbox.Export.Evidence;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Tests.Contracts;

/// <summary>Every format two processes or projects share, written by its writer and read back by its reader.</summary>
public sealed class SharedFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-contracts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RunnerJob_WrittenByTheHost_ReadsBackWhole()
    {
        var job = new RunnerJob([new("by_district", "SELECT 1"), new("n", "SELECT 2")], 12.5, 1L << 30, 3, 5L << 20,
            new Dictionary<string, string> { ["residents"] = "resident_id" }, UniqueSubjects: ["residents"]);

        var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(job, ContractJson.Default.RunnerJob), ContractJson.Default.RunnerJob)!;

        Assert.Equal(job.Queries, read.Queries);
        Assert.Equal((12.5, 1L << 30, 3, 5L << 20), (read.TimeoutSeconds, read.MemoryBytes, read.Threads, read.OutputBytes));
        Assert.Equal("resident_id", read.Subjects!["residents"]);
        Assert.Equal(["residents"], read.UniqueSubjects);
    }

    [Fact]
    public void RunnerJob_OfAScoringJob_ReadsBackItsModel()
    {
        var job = new RunnerJob([], Ml: new MlJob("binary", "SELECT 1", null, ["district", "founded"], "", new Dictionary<string, double>(), 0, 11,
            new MlPrediction("model.zip", new string('a', 64), "exp-1")));

        var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(job, ContractJson.Default.RunnerJob), ContractJson.Default.RunnerJob)!;

        Assert.Equal(job.Ml!.Predict, read.Ml!.Predict);
        Assert.Equal(["district", "founded"], read.Ml.Features);
        Assert.Equal(("binary", 11), (read.Ml.Task, read.Ml.Seed));
    }

    [Fact]
    public void RunnerJob_WithoutQueries_IsNotAJob()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"timeoutSeconds":1}""", ContractJson.Default.RunnerJob));
    }

    [Theory]
    [InlineData(RunnerOutcome.Succeeded, "succeeded")]
    [InlineData(RunnerOutcome.Failed, "failed")]
    [InlineData(RunnerOutcome.Killed, "killed")]
    [InlineData(RunnerOutcome.Cancelled, "cancelled")]
    public void RunnerReport_RoundTripsByName(RunnerOutcome outcome, string name)
    {
        var report = new RunnerReport(outcome, "why", [new("a", 3), new("b", 0)]);

        var line = report.ToLine();
        var read = RunnerReport.FromLastLine("a job's own output\n" + line + "\n");

        Assert.Contains($"\"outcome\":\"{name}\"", line, StringComparison.Ordinal);
        Assert.NotNull(read);
        Assert.Equal(outcome, read.Outcome);
        Assert.Equal("why", read.Reason);
        Assert.Equal(report.Outputs, read.Outputs);
    }

    [Theory]
    [InlineData("""{"outcome":0,"reason":null,"outputs":[]}""")] // numbers are not the contract
    [InlineData("""{"outcome":"Succeeded!","reason":null,"outputs":[]}""")]
    [InlineData("""{"outcome":"succeeded","reason":null}""")]
    [InlineData("""{"reason":"x","outputs":[]}""")]
    [InlineData("succeeded")]
    [InlineData("")]
    public void RunnerReport_ThatIsNotOne_IsNoReport(string line)
    {
        Assert.Null(RunnerReport.FromLastLine(line));
    }

    [Fact]
    public void RunnerReport_PrintedByTheRunner_IsTheOneTheHostReads()
    {
        // The runner prints whatever ToLine gives; a job that prints a report-looking line before the runner's own
        // cannot replace it, because only the last line counts.
        var forged = new RunnerReport(RunnerOutcome.Succeeded, null, [new("leak", 1)]).ToLine();
        var real = new RunnerReport(RunnerOutcome.Killed, "timeout", []).ToLine();

        Assert.Equal(RunnerOutcome.Killed, RunnerReport.FromLastLine(forged + "\n" + real)!.Outcome);
    }

    [Fact]
    public void Evidence_WrittenByTheRunner_IsReadByTheExportGate()
    {
        var database = Path.Combine(_dir, "w.duckdb");
        using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t AS SELECT i AS id, 'd' || (i % 3) AS district, i * 1.5 AS amount FROM range(300) r(i)";
            command.ExecuteNonQuery();
        }
        var outDir = Path.Combine(_dir, "out");

        var result = SqlJobExecutor.Run(database,
            [("by_district", "SELECT district, count(*) AS n, sum(amount) AS total, max(amount) AS top FROM t GROUP BY district")],
            outDir, new SqlJobLimits(TimeSpan.FromSeconds(30), 256L << 20, 1, 1 << 20), CancellationToken.None,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["t"] = "id" });
        var evidence = OutputEvidence.Read(Path.Combine(outDir, EvidenceRoles.FileOf("by_district")));

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        Assert.True(evidence.Available, evidence.Reason);
        Assert.Equal([EvidenceRole.Dimension, EvidenceRole.Count, EvidenceRole.Sum, EvidenceRole.Other], evidence.Roles);
        Assert.Equal(3, evidence.Rows.Count);
        Assert.All(evidence.Rows, r => Assert.Equal(100, r.Subjects));
        Assert.Equal("t.id", evidence.Subject);
    }

    [Fact]
    public void Evidence_WithARoleOutsideTheVocabulary_IsNoEvidence()
    {
        var path = Path.Combine(_dir, EvidenceRoles.FileOf("x"));
        File.WriteAllText(path, """{"format":2,"output":"x.csv","outputSha256":null,"subject":"t.id","subjects":["t.id"],"reason":null,"listing":false,"roles":["dimension","median"],"rows":[]}""");

        Assert.False(OutputEvidence.Read(path).Available);
    }

    [Fact]
    public void ModelEvidence_WrittenByTheRunner_IsReadByTheExportGate()
    {
        var database = Path.Combine(_dir, "m.duckdb");
        using (var connection = new DuckDBConnection($"Data Source={database}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE people AS SELECT i AS person_id, 'd' || (i % 4) AS district, 20 + (i % 50) AS age, (i % 50) > 25 AS old
                FROM range(400) r(i)
                """;
            command.ExecuteNonQuery();
        }
        var outDir = Path.Combine(_dir, "model");

        var result = Sandbox.Runner.Ml.MlJobExecutor.Run(database,
            new MlJob("binary", "select person_id, district, age, old from people", "old", ["district", "age", "person_id"], "lbfgs", new Dictionary<string, double>(), 0, 7),
            outDir, new SqlJobLimits(TimeSpan.FromSeconds(60), 512L << 20, 1, 1 << 20), CancellationToken.None,
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["people"] = "person_id" });
        var model = Path.Combine(outDir, Sandbox.Runner.Ml.MlJobExecutor.ModelFile);
        var evidence = Sandbox.Export.Models.ModelEvidenceFile.ReadBeside(model);

        Assert.Equal(SqlJobOutcome.Succeeded, result.Outcome);
        Assert.NotNull(evidence);
        Assert.Equal(("binary", "lbfgs", "linear", 400L, 0L), (evidence.Task, evidence.Trainer, evidence.Family, evidence.TrainingRows, evidence.HoldoutRows));
        Assert.True(double.IsNaN(evidence.HoldoutLoss), "no holdout: its loss is NaN, written and read as such");
        Assert.Equal(["district", "age", "person_id"], evidence.Features.Select(f => f.Name));
        Assert.True(evidence.Features.Single(f => f.Name == "person_id").SubjectColumn);
        Assert.Equal(400L, evidence.RowsPerClass.Sum());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model))), evidence.ModelSha256);
    }
}
