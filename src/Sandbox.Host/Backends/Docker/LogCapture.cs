using System.Text;
using Docker.DotNet;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Drains a job's stdout and stderr into two log files inside the home, together capped at <c>limit</c> bytes.
/// Logs are outputs too: they never leave the domain and are scanned before an operator reads them.
/// </summary>
internal sealed class LogCapture(string directory, long limit)
{
    private const int TailBytes = 64 * 1024;

    private readonly MemoryStream _tail = new();

    /// <summary>Bytes the job wrote, stored or not.</summary>
    public long Written { get; private set; }

    /// <summary>True once the job wrote past the cap; the caller kills it.</summary>
    public bool Overflowed => Written > limit;

    /// <summary>The last bytes of stdout (the runner prints its result there as the last line).</summary>
    public string StdoutTail => Encoding.UTF8.GetString(_tail.GetBuffer(), 0, (int)_tail.Length);

    public static string StdoutPath(string directory) => Path.Combine(directory, "stdout.log");

    public static string StderrPath(string directory) => Path.Combine(directory, "stderr.log");

    /// <summary>Reads until the stream ends; calls <paramref name="onOverflow"/> once when the cap is passed.</summary>
    public async Task DrainAsync(MultiplexedStream stream, Action onOverflow, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var stdout = new FileStream(StdoutPath(directory), FileMode.Create, FileAccess.Write, FileShare.Read);
        await using var stderr = new FileStream(StderrPath(directory), FileMode.Create, FileAccess.Write, FileShare.Read);
        var buffer = new byte[81920];
        var told = false;
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF) break;
            var room = Math.Max(0, limit - Written);
            var keep = (int)Math.Min(read.Count, room);
            var target = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            if (keep > 0) await target.WriteAsync(buffer.AsMemory(0, keep), cancellationToken).ConfigureAwait(false);
            if (read.Target != MultiplexedStream.TargetStream.StandardError) Tail(buffer.AsSpan(0, read.Count));
            Written += read.Count;
            if (Overflowed && !told)
            {
                told = true;
                var note = Encoding.UTF8.GetBytes($"\n[sandbox: log limit of {limit} bytes reached; the job was killed]\n");
                await stderr.WriteAsync(note, cancellationToken).ConfigureAwait(false);
                onOverflow();
            }
        }
    }

    private void Tail(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= TailBytes)
        {
            _tail.SetLength(0);
            _tail.Write(bytes[^TailBytes..]);
            return;
        }
        if (_tail.Length + bytes.Length > TailBytes)
        {
            var keep = _tail.GetBuffer().AsSpan(0, (int)_tail.Length)[(int)(_tail.Length + bytes.Length - TailBytes)..].ToArray();
            _tail.SetLength(0);
            _tail.Write(keep);
        }
        _tail.Write(bytes);
    }
}
