using System.Globalization;
using System.Text;
using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DuckDB.NET.Data;
using Sandbox.Masking.Detection;
using Sandbox.Masking.Engine;
using Sandbox.Masking.Techniques;

namespace Sandbox.Bench;

/// <summary>
/// The masking engine against the same transformation in DuckDB SQL (single-threaded) on the same synthetic
/// values, per category: partial masking of resident IDs and mobiles, keyed tokenization vs <c>sha256</c>, date
/// generalization vs <c>date_trunc</c>, detection of a column vs <c>regexp_matches</c>.
/// </summary>
/// <remarks>
/// The engine side masks Arrow batches of 65,536 rows (what staging streams) and frees each result; DuckDB
/// computes <c>max(expr)</c> so the projection cannot be pruned. Both sides read the same generated values and
/// produce every output value (the engine into new Arrow buffers, DuckDB into its vectors, plus one comparison per
/// value for <c>max</c>); DuckDB runs with <c>SET threads=1</c>, the engine on one thread.
/// Values: <c>SANDBOX_BENCH_VALUES</c>, default 1,000,000. At 10,000,000 use <c>--job short</c>: setup runs per benchmark.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MaskingBenchmarks
{
    private const int BatchRows = 65_536;
    private const string ResidentIdPattern = "^[1-9][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$";

    private readonly List<RecordBatch> _batches = [];
    private DuckDBConnection _duck = null!;
    private MaskingEngine _engine = null!;

    private static readonly ColumnPlan[] MaskId = [new("id", new MaskingRule(Technique.KeepFirstLast, 6, 4))];
    private static readonly ColumnPlan[] MaskMobile = [new("mobile", new MaskingRule(Technique.KeepFirstLast, 3, 4))];
    private static readonly ColumnPlan[] TokenizeId = [new("id", new MaskingRule(Technique.Tokenize))];
    private static readonly ColumnPlan[] MonthOfBirth = [new("birth", MaskingDefaults.Parse("month"))];

    /// <summary>How many values each benchmark transforms.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Values { get; set; }

    /// <summary>The value counts to run: <c>SANDBOX_BENCH_VALUES</c> or 1,000,000.</summary>
    public static IEnumerable<int> Sizes() =>
        [int.TryParse(Environment.GetEnvironmentVariable("SANDBOX_BENCH_VALUES"), CultureInfo.InvariantCulture, out var n) ? n : 1_000_000];

    /// <summary>Generates the values once, into Arrow batches and into a DuckDB table.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = new MaskingEngine(new byte[32], "bench");
        _duck = new DuckDBConnection("DataSource=:memory:");
        _duck.Open();
        Execute("SET threads=1");
        Execute("CREATE TABLE t (id VARCHAR, mobile VARCHAR, birth DATE)");
        var random = new Random(42);
        using var appender = _duck.CreateAppender("t");
        for (var start = 0; start < Values; start += BatchRows)
        {
            var rows = Math.Min(BatchRows, Values - start);
            var ids = new StringArray.Builder();
            var mobiles = new StringArray.Builder();
            var births = new Date32Array.Builder();
            for (var i = 0; i < rows; i++)
            {
                var birth = new DateOnly(1940, 1, 1).AddDays(random.Next(25_000));
                var first17 = "3201" + random.Next(10, 99).ToString(CultureInfo.InvariantCulture) + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + random.Next(100, 999).ToString(CultureInfo.InvariantCulture);
                var id = first17 + CheckDigits.ResidentId(first17);
                var mobile = "13" + random.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
                ids.Append(id);
                mobiles.Append(mobile);
                births.Append(birth);
                appender.CreateRow().AppendValue(id).AppendValue(mobile).AppendValue(birth).EndRow();
            }

            _batches.Add(new RecordBatch.Builder().Append("id", true, ids.Build()).Append("mobile", true, mobiles.Build()).Append("birth", true, births.Build()).Build());
        }
    }

    /// <summary>Frees the batches, the engine and DuckDB.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }

        _engine.Dispose();
        _duck.Dispose();
    }

    /// <summary>DuckDB: <c>left(id,6)||'********'||right(id,4)</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("partial-id")]
    public object? PartialIdDuckDb() => Scalar("SELECT max(left(id, 6) || '********' || right(id, 4)) FROM t");

    /// <summary>Engine: keep-first-6-last-4 on the raw buffers.</summary>
    [Benchmark, BenchmarkCategory("partial-id")]
    public long PartialIdEngine() => Run(MaskId);

    /// <summary>DuckDB: <c>left(mobile,3)||'****'||right(mobile,4)</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("partial-mobile")]
    public object? PartialMobileDuckDb() => Scalar("SELECT max(left(mobile, 3) || '****' || right(mobile, 4)) FROM t");

    /// <summary>Engine: keep-first-3-last-4.</summary>
    [Benchmark, BenchmarkCategory("partial-mobile")]
    public long PartialMobileEngine() => Run(MaskMobile);

    /// <summary>DuckDB: <c>sha256(id)</c> (unkeyed: DuckDB has no HMAC).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("token")]
    public object? TokenDuckDbSha256() => Scalar("SELECT max(sha256(id)) FROM t");

    /// <summary>Engine: keyed HMAC-SHA256 token (tk_ + 20 base32 chars).</summary>
    [Benchmark, BenchmarkCategory("token")]
    public long TokenEngine() => Run(TokenizeId);

    /// <summary>DuckDB: <c>date_trunc('month', birth)</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("date")]
    public object? MonthDuckDb() => Scalar("SELECT max(date_trunc('month', birth)) FROM t");

    /// <summary>Engine: generalize Date32 to the first day of the month.</summary>
    [Benchmark, BenchmarkCategory("date")]
    public long MonthEngine() => Run(MonthOfBirth);

    /// <summary>DuckDB: a resident-ID shape regex (no check digit).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("detect")]
    public object? DetectDuckDbRegex() => Scalar($"SELECT count(*) FILTER (WHERE regexp_matches(id, '{ResidentIdPattern}')) FROM t");

    /// <summary>Engine side: the resident-ID detector (region, birth date and MOD 11-2 check) over the UTF-8 values.</summary>
    [Benchmark, BenchmarkCategory("detect")]
    public long DetectDetector()
    {
        var detector = Detectors.For(Entities.ResidentId)!;
        Span<char> text = stackalloc char[64];
        var matches = 0L;
        foreach (var batch in _batches)
        {
            var ids = (StringArray)batch.Column("id");
            for (var i = 0; i < ids.Length; i++)
            {
                var utf8 = ids.GetBytes(i);
                if (utf8.Length <= text.Length && detector.Matches(text[..Encoding.UTF8.GetChars(utf8, text)]))
                {
                    matches++;
                }
            }
        }

        return matches;
    }

    private long Run(ColumnPlan[] plans)
    {
        var rows = 0L;
        foreach (var batch in _batches)
        {
            using var masked = _engine.Mask(batch, plans);
            rows += masked.Batch.Length;
        }

        return rows;
    }

    private object? Scalar(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private void Execute(string sql)
    {
        using var command = _duck.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
