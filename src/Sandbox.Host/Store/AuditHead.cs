using System.Globalization;
using System.Text;

namespace Sandbox.Host.Store;

/// <summary>
/// The signed head of the audit log: the newest (seq, hash), signed with the home's Ed25519 key, in a file beside the
/// store, so removing entries from the end of the log is detected too. The store rewrites it after every commit.
/// </summary>
internal sealed class AuditHead(string path, AuditHeadSigner signer) : IDisposable
{
    private static readonly Lock Gate = new();

    // The newest entry each head file (by path) was written for by this process, under Gate.
    private static readonly Dictionary<string, long> Written = new(StringComparer.Ordinal);

    /// <summary>
    /// Rewrites the head after the commit of entry <paramref name="committed"/> (temp file, flushed, then rename).
    /// Workers and the API commit from several connections at once, and a CLI from another process:
    /// <paramref name="last"/> is read and the file written under a lock (in this process and across processes), each
    /// writer with its own temp file, so the newest head is always the one left. A head this process wrote already
    /// for <paramref name="committed"/> or a later entry covers it (it was read after that commit): nothing to write,
    /// so commits that end together are signed once.
    /// </summary>
    public void Write(long committed, Func<(long Seq, string Hash)> last)
    {
        ArgumentNullException.ThrowIfNull(last);
        lock (Gate)
        {
            if (Written.TryGetValue(path, out var written) && written >= committed) return;
            using var crossProcess = Lock();
            var (seq, hash) = last();
            var line = $"{seq} {hash}";
            var text = $"{line} {Convert.ToHexStringLower(signer.Sign(Encoding.UTF8.GetBytes(line)))}\n";
            var temp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
            using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                file.Write(Encoding.UTF8.GetBytes(text));
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            Written[path] = seq;
        }
    }

    /// <summary>What is wrong with the head, given the log's newest entry <paramref name="last"/> (0 and genesis: none).</summary>
    public IReadOnlyList<string> Problems((long Seq, string Hash) last)
    {
        if (!File.Exists(path))
        {
            return last.Seq != 0 ? [$"{path}: signed head missing"] : [];
        }
        var parts = File.ReadAllText(path).Trim().Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq))
        {
            return [$"{path}: malformed head"];
        }
        byte[] signature;
        try { signature = Convert.FromHexString(parts[2]); }
        catch (FormatException) { return [$"{path}: malformed signature"]; }
        var problems = new List<string>();
        if (!signer.Verify(Encoding.UTF8.GetBytes($"{parts[0]} {parts[1]}"), signature))
        {
            problems.Add($"{path}: head signature invalid");
        }
        if (seq != last.Seq || parts[1] != last.Hash)
        {
            problems.Add($"log ends at entry {last.Seq} but the signed head is entry {seq}: entries were removed or rewritten");
        }
        return problems;
    }

    /// <summary>An exclusive lock on <c>audit.head.lock</c> (the OS releases it if the holder dies); waits up to 10 s.</summary>
    private FileStream Lock()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return new FileStream(path + ".lock", new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>Lets go of the signing key.</summary>
    public void Dispose() => signer.Dispose();
}
