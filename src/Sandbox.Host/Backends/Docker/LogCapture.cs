using System.Text;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Stores a job's stdout and stderr in two log files inside the home, together capped at <c>limit</c> bytes.
/// Logs are outputs too: they never leave the domain and are scanned before an operator reads them.
/// </summary>
internal sealed class LogCapture : IAsyncDisposable
{
    private const int TailBytes = 64 * 1024;
    private const int StderrTailBytes = 4 * 1024;

    private readonly long _limit;
    private readonly FileStream _stdout;
    private readonly FileStream _stderr;
    private readonly MemoryStream _tail = new();
    private readonly MemoryStream _stderrTail = new();

    private LogCapture(string directory, long limit)
    {
        _limit = limit;
        Directory.CreateDirectory(directory);
        _stdout = new FileStream(StdoutPath(directory), FileMode.Create, FileAccess.Write, FileShare.Read);
        _stderr = new FileStream(StderrPath(directory), FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Bytes the job wrote, stored or not.</summary>
    public long Written { get; private set; }

    /// <summary>True once the job wrote past the cap; the caller kills it.</summary>
    public bool Overflowed => Written > _limit;

    /// <summary>The last bytes of stdout (the runner prints its result there as the last line).</summary>
    public string StdoutTail => Encoding.UTF8.GetString(_tail.GetBuffer(), 0, (int)_tail.Length);

    /// <summary>The last non-empty line of stderr: after the job, that is where tar says why it failed.</summary>
    public string LastStderrLine =>
        Encoding.UTF8.GetString(_stderrTail.GetBuffer(), 0, (int)_stderrTail.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    public static string StdoutPath(string directory) => Path.Combine(directory, "stdout.log");

    public static string StderrPath(string directory) => Path.Combine(directory, "stderr.log");

    /// <summary>Creates (or truncates) both log files of <paramref name="directory"/>.</summary>
    public static LogCapture Open(string directory, long limit) => new(directory, limit);

    /// <summary>Stores what the job wrote to one stream; true only for the write that passed the cap (the caller kills then).</summary>
    public async ValueTask<bool> WriteAsync(bool stderr, ReadOnlyMemory<byte> bytes)
    {
        var wasOver = Overflowed;
        var keep = (int)Math.Min(bytes.Length, Math.Max(0, _limit - Written));
        if (keep > 0) await (stderr ? _stderr : _stdout).WriteAsync(bytes[..keep]).ConfigureAwait(false);
        Tail(stderr ? _stderrTail : _tail, stderr ? StderrTailBytes : TailBytes, bytes.Span);
        Written += bytes.Length;
        if (wasOver || !Overflowed) return false;
        var note = Encoding.UTF8.GetBytes($"\n[sandbox: log limit of {_limit} bytes reached; the job was killed]\n");
        await _stderr.WriteAsync(note).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stdout.DisposeAsync().ConfigureAwait(false);
        await _stderr.DisposeAsync().ConfigureAwait(false);
    }

    private static void Tail(MemoryStream tail, int size, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= size)
        {
            tail.SetLength(0);
            tail.Write(bytes[^size..]);
            return;
        }
        if (tail.Length + bytes.Length > size)
        {
            var keep = tail.GetBuffer().AsSpan(0, (int)tail.Length)[(int)(tail.Length + bytes.Length - size)..].ToArray();
            tail.SetLength(0);
            tail.Write(keep);
        }
        tail.Write(bytes);
    }
}
