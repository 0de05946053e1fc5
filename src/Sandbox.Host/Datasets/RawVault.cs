using System.Buffers.Binary;
using System.Security.Cryptography;
using Sandbox.Host.Home;
using Sandbox.Host.Store;

namespace Sandbox.Host.Datasets;

/// <summary>
/// Raw dataset files at rest: sealed with AES-256-GCM under the home's data key (<c>keys/data.key</c>), in 1 MiB
/// chunks, each authenticated with the header, its index and whether it is the last — so a copy of the file alone is
/// unreadable, and a changed, reordered, truncated or extended file is refused rather than read. Only the
/// materialization step opens one (<see cref="Open(DatasetRecord)"/>): into a private folder in memory (<c>/dev/shm</c>) when it fits,
/// removed as soon as the masked copy is written. No job's allowed paths or mounts name a raw file, sealed or open.
/// </summary>
internal static class RawVault
{
    /// <summary>The suffix of a sealed file: <c>&lt;sha256 of the Parquet&gt;.parquet.sealed</c>.</summary>
    public const string Suffix = ".sealed";

    private const int ChunkBytes = 1 << 20;
    private const int TagBytes = 16;
    private const int HeaderBytes = 8 + 12 + 4 + 8;
    private static ReadOnlySpan<byte> Magic => "SBXRAW1\n"u8;

    /// <summary>Seals <paramref name="plain"/> as <paramref name="sealedPath"/> (written to a temporary name, flushed, renamed).</summary>
    public static void Seal(string plain, string sealedPath, ReadOnlySpan<byte> key)
    {
        var temp = sealedPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var input = File.OpenRead(plain))
            using (var output = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var gcm = new AesGcm(key, TagBytes))
            {
                var header = new byte[HeaderBytes];
                Magic.CopyTo(header);
                RandomNumberGenerator.Fill(header.AsSpan(8, 12));
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), ChunkBytes);
                BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), input.Length);
                output.Write(header);
                var plainChunk = new byte[ChunkBytes];
                var cipherChunk = new byte[ChunkBytes];
                var tag = new byte[TagBytes];
                long remaining = input.Length;
                long index = 0;
                do
                {
                    var size = (int)Math.Min(ChunkBytes, remaining);
                    input.ReadExactly(plainChunk, 0, size);
                    remaining -= size;
                    gcm.Encrypt(Nonce(header, index), plainChunk.AsSpan(0, size), cipherChunk.AsSpan(0, size), tag, Aad(header, index, last: remaining == 0));
                    output.Write(cipherChunk, 0, size);
                    output.Write(tag);
                    index++;
                }
                while (remaining > 0);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, sealedPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// The raw Parquet of <paramref name="dataset"/>, opened for the materialization step: a sealed file is decrypted
    /// into a private temporary folder, removed when the result is disposed; a file of a home from before sealing is
    /// read where it is.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is damaged, or was not sealed under this home's key.</exception>
    public static Opened Open(DatasetRecord dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Open(dataset.Path);
    }

    /// <summary>The raw Parquet stored at <paramref name="path"/> in a home's <c>datasets/</c>, opened as by <see cref="Open(DatasetRecord)"/>.</summary>
    public static Opened Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(Suffix, StringComparison.Ordinal)) return new Opened(path, null);
        // The file lies at <home>/datasets/<name>/<sha>.parquet.sealed: its home's keys decrypt it.
        var home = new SandboxHome(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)!)!)!);
        var key = KeyFiles.Read(home.DataKeyPath);
        var folder = PrivateFolder(new FileInfo(path).Length);
        try
        {
            var plain = Path.Combine(folder, "raw.parquet");
            Unseal(path, plain, key);
            return new Opened(plain, folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts <paramref name="sealedPath"/> into <paramref name="plain"/>, checking every chunk and the length.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, or was not sealed under <paramref name="key"/>.</exception>
    public static void Unseal(string sealedPath, string plain, ReadOnlySpan<byte> key)
    {
        var name = Path.GetFileName(sealedPath);
        using var input = File.OpenRead(sealedPath);
        using var output = new FileStream(plain, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        using var gcm = new AesGcm(key, TagBytes);
        var header = new byte[HeaderBytes];
        if (input.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) != HeaderBytes || !header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{name}: not a sealed dataset file");
        }
        var chunkBytes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        var length = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        if (chunkBytes is <= 0 or > 64 << 20 || length < 0) throw new InvalidDataException($"{name}: damaged header");
        var chunks = Math.Max(1, (length + chunkBytes - 1) / chunkBytes);
        if (input.Length != HeaderBytes + length + (chunks * TagBytes)) throw new InvalidDataException($"{name}: truncated or extended (damaged)");
        var cipherChunk = new byte[chunkBytes];
        var plainChunk = new byte[chunkBytes];
        var tag = new byte[TagBytes];
        long remaining = length;
        for (long index = 0; index < chunks; index++)
        {
            var size = (int)Math.Min(chunkBytes, remaining);
            input.ReadExactly(cipherChunk, 0, size);
            input.ReadExactly(tag);
            remaining -= size;
            try
            {
                gcm.Decrypt(Nonce(header, index), cipherChunk.AsSpan(0, size), tag, plainChunk.AsSpan(0, size), Aad(header, index, last: index == chunks - 1));
            }
            catch (AuthenticationTagMismatchException)
            {
                throw new InvalidDataException($"{name}: chunk {index} does not authenticate (damaged, or sealed under another home's key)");
            }
            output.Write(plainChunk, 0, size);
        }
    }

    /// <summary>An opened raw file; disposing removes its decrypted copy.</summary>
    public sealed class Opened(string path, string? folder) : IDisposable
    {
        /// <summary>The Parquet file to read.</summary>
        public string Path { get; } = path;

        /// <inheritdoc/>
        public void Dispose()
        {
            if (folder is not null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    // In memory when /dev/shm has room for the file twice over; otherwise the system's temporary folder. Owner only.
    private static string PrivateFolder(long bytes)
    {
        const string shm = "/dev/shm";
        string parent = Path.GetTempPath();
        try
        {
            if (Directory.Exists(shm) && new DriveInfo(shm).AvailableFreeSpace > 2 * bytes + (64L << 20)) parent = shm;
        }
        catch (IOException)
        {
        }
        var folder = Path.Combine(parent, "sandbox-raw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static byte[] Nonce(byte[] header, long index)
    {
        var nonce = header.AsSpan(8, 12).ToArray();
        var counter = BinaryPrimitives.ReadInt64LittleEndian(nonce.AsSpan(4)) ^ index;
        BinaryPrimitives.WriteInt64LittleEndian(nonce.AsSpan(4), counter);
        return nonce;
    }

    private static byte[] Aad(byte[] header, long index, bool last)
    {
        var aad = new byte[HeaderBytes + 9];
        header.CopyTo(aad, 0);
        BinaryPrimitives.WriteInt64LittleEndian(aad.AsSpan(HeaderBytes), index);
        aad[^1] = last ? (byte)1 : (byte)0;
        return aad;
    }
}
