using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Sandbox.Contracts.Evidence;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Ml;
using Sandbox.Runner.Sql;

namespace Sandbox.Bench;

/// <summary>
/// Training throughput of a <c>kind: ml</c> job against the same ML.NET pipeline on the same rows outside the sandbox.
/// Ours: <see cref="MlJobExecutor"/> on the job's locked in-memory DuckDB (the training SELECT, the frame, the fit on
/// one thread, training metrics, leaf counts read from the ensemble, model.zip, metrics.json, model-card.md and the
/// evidence). Baseline: the rows already in arrays, a <see cref="DataFrame"/>, the same pipeline and trainer, the fit.
/// Both train on every row (holdout 0). Rows: <c>SANDBOX_BENCH_ROWS</c>, default 50,000.
/// Run: <c>dotnet run -c Release --project bench/Sandbox.Bench -- --filter '*MlTrainingBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class MlTrainingBenchmarks
{
    private static readonly SqlJobLimits Limits = new(TimeSpan.FromMinutes(10), 2L << 30, 1, 256L << 20);

    private string _root = "";
    private DuckDBConnection? _connection;
    private float[] _age = [], _income = [];
    private string[] _district = [];
    private bool[] _label = [];
    private int _run;

    [Params("sdca", "fasttree")]
    public string Trainer { get; set; } = "sdca";

    private MlJob Job => new("binary", "select age, income, district, defaulted from people", "defaulted", ["age", "income", "district"], Trainer,
        Trainer == "fasttree" ? new Dictionary<string, double> { ["trees"] = 50 } : new Dictionary<string, double>(), 0, 7);

    [GlobalSetup]
    public void Setup()
    {
        var rows = int.TryParse(Environment.GetEnvironmentVariable("SANDBOX_BENCH_ROWS"), out var n) ? n : 50_000;
        _root = Directory.CreateTempSubdirectory("ml-bench-").FullName;
        _connection = LockedWorkspace.OpenInMemory(2L << 30, 1, Path.Combine(_root, "spill"), 1L << 30);
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"""
                CREATE TABLE people AS
                SELECT 20 + (hash(i::varchar || 'age') % 50)::int AS age, 1000 + (hash(i::varchar || 'income') % 9000)::double AS income,
                       'd' || (i % 12) AS district, (age > 45) <> (hash(i::varchar || 'noise') % 10 = 0) AS defaulted
                FROM range({rows}) r(i)
                """;
            command.ExecuteNonQuery();
            command.CommandText = "SELECT age, income, district, defaulted FROM people";
            using var reader = command.ExecuteReader();
            var (age, income, district, label) = (new List<float>(), new List<float>(), new List<string>(), new List<bool>());
            while (reader.Read())
            {
                age.Add(reader.GetInt32(0));
                income.Add((float)reader.GetDouble(1));
                district.Add(reader.GetString(2));
                label.Add(reader.GetBoolean(3));
            }
            (_age, _income, _district, _label) = ([.. age], [.. income], [.. district], [.. label]);
        }
        LockedWorkspace.Lock(_connection);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public ITransformer OutsideTheSandbox()
    {
        var ml = new MLContext(7);
        var frame = new DataFrame(
            new SingleDataFrameColumn("age", _age), new SingleDataFrameColumn("income", _income),
            new StringDataFrameColumn("district", _district), new BooleanDataFrameColumn(TrainingTable.LabelColumn, _label));
        var columns = new[] { new ModelFeature("age", "numeric", 0, false, false), new ModelFeature("income", "numeric", 0, false, false), new ModelFeature("district", "categorical", 0, false, false) };
        var (estimator, _) = TrainerPipeline.Build(ml, Job, columns, 1);
        return estimator.Fit(frame);
    }

    [Benchmark]
    public SqlJobResult MlJobInTheSandbox()
    {
        var result = MlJobExecutor.Run(_connection!, Job, Path.Combine(_root, "out-" + _run++), Limits, CancellationToken.None);
        return result.Outcome == SqlJobOutcome.Succeeded ? result : throw new InvalidOperationException(result.Reason);
    }
}
