using System.Diagnostics;
using System.Globalization;
using Sandbox.Host.Localization;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// A first use of a table whose materialization another process is building (a job's first use, <c>grant prepare</c>)
/// waits on the table's lock: it says so on its progress writer — once when the wait begins, then how far the builder
/// has got as it publishes it (<see cref="BuildProgressFile"/>: rows done and a percent, at most every
/// <see cref="MaterializationProgress.Interval"/>, and only when it changed), and once when the table is free. Table names, counts and seconds only.
/// </summary>
internal sealed class TableWait(TextWriter? progress, string directory, string table, string grantId)
{
    private Stopwatch? _clock;
    private TimeSpan _next;
    private (long Rows, long Total)? _shown;

    /// <summary>The lock is held by another: called each time the wait looks again.</summary>
    public void Busy()
    {
        if (progress is null) return;
        if (_clock is null)
        {
            _clock = Stopwatch.StartNew();
            MessageWriter.Say(progress, "dataplane.table-wait", ("table", table), ("grant", grantId));
        }
        if (_clock.Elapsed < _next) return;
        _next = _clock.Elapsed + MaterializationProgress.Interval;
        if (BuildProgressFile.Read(directory, table) is not { } status || status == _shown) return;
        _shown = status;
        var total = Math.Max(status.Total, status.Rows);
        var percent = total > 0 ? status.Rows * 100 / total : 100;
        MessageWriter.Say(progress, "dataplane.table-wait-progress", ("table", table), ("done", Count(status.Rows)), ("total", Count(total)),
            ("percent", percent.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The lock is this process's now: says how long the wait took, if there was one.</summary>
    public void End()
    {
        if (_clock is null) return;
        MessageWriter.Say(progress, "dataplane.table-wait-ended", ("table", table), ("seconds", _clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));
    }

    private static string Count(long rows) => rows.ToString("N0", CultureInfo.InvariantCulture);
}
