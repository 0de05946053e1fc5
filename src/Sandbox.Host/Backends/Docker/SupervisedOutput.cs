using System.Text;
using Docker.DotNet;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Splits the attach stream of a job container run by <see cref="JobSupervisor"/>: stderr, and stdout up to the first
/// boundary, are the job's and go to the capped logs; then comes the supervisor's header, up to the second boundary;
/// then the tar of <c>/out</c>, copied to <c>archive</c>, at most <c>archiveLimit</c> bytes.
/// </summary>
internal sealed class SupervisedOutput(byte[] marker, LogCapture logs, Stream archive, long archiveLimit)
{
    /// <summary>A genuine header is a few hundred bytes.</summary>
    public const int HeaderLimit = 64 * 1024;

    private readonly MemoryStream _header = new();
    private Part _part = Part.Job;

    // The job's last stdout bytes, held back because they may be the start of a boundary split across two frames.
    private byte[] _held = [];

    private enum Part { Job, Header, Archive }

    /// <summary>The header text, once both boundaries were seen; null otherwise.</summary>
    public string? Header { get; private set; }

    /// <summary>True when more than <see cref="HeaderLimit"/> bytes came without a second boundary.</summary>
    public bool HeaderOverflowed { get; private set; }

    /// <summary>True when the archive passed its limit; nothing more was kept.</summary>
    public bool ArchiveOverflowed { get; private set; }

    /// <summary>
    /// Reads until the stream ends. <paramref name="onLogOverflow"/> is called once the job's output passes the log cap,
    /// <paramref name="onCollectionOverflow"/> once the header or the archive pass theirs; each caller kills the container.
    /// </summary>
    public async Task ReadAsync(MultiplexedStream stream, Action onLogOverflow, Action onCollectionOverflow)
    {
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None).ConfigureAwait(false);
            if (read.EOF) break;
            var bytes = buffer.AsMemory(0, read.Count);
            if (read.Target != MultiplexedStream.TargetStream.StandardError)
            {
                await StdoutAsync(bytes, onLogOverflow, onCollectionOverflow).ConfigureAwait(false);
            }
            else if (await logs.WriteAsync(stderr: true, bytes).ConfigureAwait(false))
            {
                onLogOverflow();
            }
        }
        // The stream ended inside the job's part (killed, or the supervisor died): what was held back was the job's.
        if (_part == Part.Job && _held.Length > 0 && await logs.WriteAsync(stderr: false, _held).ConfigureAwait(false)) onLogOverflow();
        _held = [];
    }

    private async Task StdoutAsync(ReadOnlyMemory<byte> bytes, Action onLogOverflow, Action onCollectionOverflow)
    {
        if (_part == Part.Job)
        {
            var data = _held.Length == 0 ? bytes : Concat(_held, bytes.Span);
            var at = data.Span.IndexOf(marker);
            var job = at >= 0 ? data[..at] : data[..Math.Max(0, data.Length - (marker.Length - 1))];
            _held = at >= 0 ? [] : data[job.Length..].ToArray();
            if (!job.IsEmpty && await logs.WriteAsync(stderr: false, job).ConfigureAwait(false)) onLogOverflow();
            if (at < 0) return;
            _part = Part.Header;
            bytes = data[(at + marker.Length)..];
        }
        if (_part == Part.Header)
        {
            if (HeaderOverflowed) return;
            _header.Write(bytes.Span);
            var text = _header.GetBuffer().AsMemory(0, (int)_header.Length);
            var at = text.Span.IndexOf(marker);
            if (at < 0)
            {
                if (_header.Length <= HeaderLimit) return;
                HeaderOverflowed = true;
                onCollectionOverflow();
                return;
            }
            Header = Encoding.UTF8.GetString(text.Span[..at]);
            _part = Part.Archive;
            bytes = text[(at + marker.Length)..].ToArray();
        }
        if (ArchiveOverflowed || bytes.IsEmpty) return;
        if (archive.Length + bytes.Length > archiveLimit)
        {
            ArchiveOverflowed = true;
            onCollectionOverflow();
            return;
        }
        await archive.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static byte[] Concat(byte[] first, ReadOnlySpan<byte> second)
    {
        var all = new byte[first.Length + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all.AsSpan(first.Length));
        return all;
    }
}
