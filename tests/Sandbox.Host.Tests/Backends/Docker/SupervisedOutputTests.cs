using System.Buffers.Binary;
using System.Text;
using Docker.DotNet;
using Sandbox.Host.Backends.Docker;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>How the attach stream of a supervised container is split into logs, header and archive.</summary>
public sealed class SupervisedOutputTests : IDisposable
{
    private const string Boundary = "sandbox-boundary-0123456789abcdef0123456789abcdef";
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "sandbox-logs-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Read_BoundarySplitAcrossFrames_SeparatesLogsHeaderAndArchive()
    {
        var stdout = "job line\n" + Boundary + "\nexit 0\n" + Boundary + "\nTARBYTES";
        var frames = Chunks(stdout, 7).Select(c => (1, c)).Prepend((2, "warning\n"));

        var (output, archive, logs) = await ReadAsync(frames, archiveLimit: 1024);

        Assert.Equal("exit 0\n", output.Header);
        Assert.Equal("TARBYTES", Encoding.ASCII.GetString(archive.ToArray()));
        Assert.Equal("job line\n", File.ReadAllText(LogCapture.StdoutPath(_logs)));
        Assert.Equal("warning\n", File.ReadAllText(LogCapture.StderrPath(_logs)));
        Assert.Equal("job line\n", logs);
    }

    [Fact]
    public async Task Read_NoBoundary_KeepsEverythingInTheLogs()
    {
        var text = "sandbox-boundary-not-the-one\nexit 0\nlast line without newline";

        var (output, archive, _) = await ReadAsync(Chunks(text, 5).Select(c => (1, c)), archiveLimit: 1024);

        Assert.Null(output.Header);
        Assert.Equal(0, archive.Length);
        Assert.Equal(text, File.ReadAllText(LogCapture.StdoutPath(_logs)));
    }

    [Fact]
    public async Task Read_ArchiveOverItsLimit_IsFlaggedAndNotKept()
    {
        var overflows = 0;
        var (output, archive, _) = await ReadAsync([(1, Boundary + "\nexit 0\n" + Boundary + "\n" + new string('x', 100))], archiveLimit: 10, () => overflows++);

        Assert.True(output.ArchiveOverflowed);
        Assert.Equal(0, archive.Length);
        Assert.Equal(1, overflows);
    }

    public void Dispose()
    {
        if (Directory.Exists(_logs)) Directory.Delete(_logs, recursive: true);
    }

    private async Task<(SupervisedOutput Output, MemoryStream Archive, string StdoutTail)> ReadAsync(IEnumerable<(int Stream, string Text)> frames, long archiveLimit, Action? onCollectionOverflow = null)
    {
        var archive = new MemoryStream();
        await using var logs = LogCapture.Open(_logs, 1 << 20);
        var output = new SupervisedOutput(JobSupervisor.Marker(Boundary), logs, archive, archiveLimit);
        using var stream = new MultiplexedStream(Multiplexed(frames), multiplexed: true);
        await output.ReadAsync(stream, () => Assert.Fail("log overflow"), onCollectionOverflow ?? (() => Assert.Fail("collection overflow")));
        return (output, archive, logs.StdoutTail);
    }

    /// <summary>The engine's framing: stream type, three zero bytes, big-endian length, payload.</summary>
    private static MemoryStream Multiplexed(IEnumerable<(int Stream, string Text)> frames)
    {
        var stream = new MemoryStream();
        foreach (var (type, text) in frames)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            var header = new byte[8];
            header[0] = (byte)type;
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), payload.Length);
            stream.Write(header);
            stream.Write(payload);
        }
        stream.Position = 0;
        return stream;
    }

    private static IEnumerable<string> Chunks(string text, int size)
    {
        for (var i = 0; i < text.Length; i += size) yield return text.Substring(i, Math.Min(size, text.Length - i));
    }
}
