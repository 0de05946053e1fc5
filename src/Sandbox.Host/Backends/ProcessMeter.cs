using System.Diagnostics;

namespace Sandbox.Host.Backends;

/// <summary>
/// Meters an inprocess job: wall time, and the host process's CPU time while it ran. DuckDB runs the job on threads
/// it shares with nothing else, but the process also serves the API and other jobs, so the CPU figure is the
/// job's own only when no other inprocess job overlapped it (<c>process</c>); otherwise it is an upper bound
/// (<c>process-shared</c>). Peak memory is not attributable inside a shared process and is not claimed.
/// </summary>
internal sealed class ProcessMeter : IDisposable
{
    private static readonly Lock Gate = new();
    private static int _running;
    private static long _starts;

    private readonly long _started;
    private readonly TimeSpan _cpu;
    private readonly long _startsBefore;
    private bool _overlapped;
    private bool _stopped;

    private ProcessMeter()
    {
        lock (Gate)
        {
            _overlapped = _running > 0;
            _running++;
            _startsBefore = ++_starts;
        }
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts metering on the job's thread.</summary>
    public static ProcessMeter Start() => new();

    /// <summary>Stops metering: the attribution, the wall time and the CPU time.</summary>
    public (string Attribution, TimeSpan Wall, TimeSpan Cpu) Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        lock (Gate)
        {
            // Another job started after this one, or one was running when it started.
            _overlapped |= _starts != _startsBefore || _running > 1;
            if (!_stopped) _running--;
            _stopped = true;
        }
        return (_overlapped ? "process-shared" : "process", wall, cpu < TimeSpan.Zero ? TimeSpan.Zero : cpu);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (Gate)
        {
            if (!_stopped) _running--;
            _stopped = true;
        }
    }
}
