using System.Diagnostics;
using System.Globalization;

namespace Sandbox.Runner.Timing;

/// <summary>
/// Where a job's time goes, for the data plane's benchmarks: with <c>SANDBOX_PHASES=1</c> in the environment each
/// <see cref="Mark"/> writes one line to stderr (with <c>SANDBOX_PHASES=FILE</c>, appends it to FILE), <c>phase NAME +MS (since process start MS)</c>, the time since the
/// previous mark of the same flow (<see cref="Begin"/> starts one: jobs running side by side are timed apart); without
/// it, nothing is measured or written. Names only, never a value of the data.
/// </summary>
public static class PhaseClock
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("SANDBOX_PHASES") is { Length: > 0 } t ? t : null;
    private static readonly bool Enabled = Target is not null;
    private static readonly Lock Gate = new();
    private static readonly DateTime Started = Enabled ? Process.GetCurrentProcess().StartTime.ToUniversalTime() : default;
    private static readonly Flow Process0 = new();
    private static readonly AsyncLocal<Flow> Current = new();

    /// <summary>Starts timing a new flow (a job) from now; its marks measure from here.</summary>
    public static void Begin()
    {
        if (Enabled) Current.Value = new Flow();
    }

    /// <summary>Records the end of phase <paramref name="name"/>: the time since the previous mark of this flow.</summary>
    public static void Mark(string name)
    {
        if (!Enabled) return;
        var flow = Current.Value ?? Process0;
        var now = Stopwatch.GetTimestamp();
        var since = Stopwatch.GetElapsedTime(Interlocked.Exchange(ref flow.Last, now), now);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"phase {name} +{since.TotalMilliseconds:0.0} ms (since process start {(DateTime.UtcNow - Started).TotalMilliseconds:0} ms)");
        if (Target == "1")
        {
            Console.Error.WriteLine(line);
            return;
        }
        lock (Gate) File.AppendAllText(Target!, line + "\n");
    }

    private sealed class Flow
    {
        public long Last = Stopwatch.GetTimestamp();
    }
}
