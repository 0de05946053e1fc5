using System.Diagnostics;
using System.Globalization;
using Sandbox.Host.Localization;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// How far one table's materialization has got, told on a progress writer: a line when it starts, rows done of the
/// dataset's rows (with a percent) at most every <see cref="Interval"/>, and a line when it ends.
/// </summary>
/// <remarks>
/// The interval is 2 s; <c>SANDBOX_PROGRESS_INTERVAL_MS</c> in the process's environment sets another (the CLI tests
/// use 0 to see a line for every batch of a small table).
/// </remarks>
internal sealed class MaterializationProgress
{
    /// <summary>The environment variable that overrides <see cref="Interval"/>, in milliseconds.</summary>
    public const string IntervalVariable = "SANDBOX_PROGRESS_INTERVAL_MS";

    private readonly TextWriter? _writer;
    private readonly BuildProgressFile? _published;
    private readonly string _table;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _interval = Interval;
    private TimeSpan _next;
    private long _rows;

    private MaterializationProgress(TextWriter? writer, BuildProgressFile? published, string table, long total)
    {
        _writer = writer;
        _published = published;
        _table = table;
        _total = total;
        _next = _interval;
    }

    /// <summary>How often a line of rows done is written at most.</summary>
    public static TimeSpan Interval =>
        int.TryParse(Environment.GetEnvironmentVariable(IntervalVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts the materialization of <paramref name="table"/> (<paramref name="total"/> rows) and says so; rows done are
    /// also published on <paramref name="published"/>, when given, for a use in another process waiting on the build.
    /// </summary>
    public static MaterializationProgress Start(TextWriter? writer, string table, string grantId, long total, BuildProgressFile? published = null)
    {
        MessageWriter.Say(writer, "dataplane.materializing", ("table", table), ("grant", grantId), ("rows", Count(total)));
        published?.Write(0, total);
        return new MaterializationProgress(writer, published, table, total);
    }

    /// <summary>Counts <paramref name="rows"/> more rows written; says how far it has got when the interval has passed.</summary>
    public void Add(long rows)
    {
        _rows += rows;
        if ((_writer is null && _published is null) || _clock.Elapsed < _next) return;
        _next = _clock.Elapsed + _interval;
        _published?.Write(_rows, Math.Max(_total, _rows));
        if (_writer is null) return;
        // A dataset record counts the rows of its file; a file read short or long never shows past 100 %.
        var percent = _total > 0 ? Math.Min(100, _rows * 100 / _total) : 100;
        MessageWriter.Say(_writer, "dataplane.materialize-progress", ("table", _table), ("done", Count(_rows)), ("total", Count(Math.Max(_total, _rows))),
            ("percent", percent.ToString(CultureInfo.InvariantCulture)), ("seconds", Seconds(_clock.Elapsed)));
    }

    /// <summary>Says the table is materialized.</summary>
    public void End() =>
        MessageWriter.Say(_writer, "dataplane.materialized", ("table", _table), ("rows", Count(_rows)), ("seconds", Seconds(_clock.Elapsed)));

    private static string Count(long rows) => rows.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
