using System.Formats.Tar;
using System.Text;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs.Submissions;

namespace Sandbox.Host.Tests.Jobs.Submissions;

/// <summary>A job submitted as a tar is unpacked into a fresh folder, or refused whole, naming the entry.</summary>
public sealed class SubmissionArchiveTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sandbox-submission-" + Guid.NewGuid().ToString("N")[..12]);

    private string JobFolder => Path.Combine(_root, "job");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static MemoryStream Tar(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, entries.FirstOrDefault()?.Format ?? TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries) writer.WriteEntry(entry);
        }
        stream.Position = 0;
        return stream;
    }

    private static PaxTarEntry File(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)), Mode = mode };

    private static PaxTarEntry Folder(string name) => new(TarEntryType.Directory, name);

    private static PaxTarEntry Entry(TarEntryType type, string name, string? link = null)
    {
        var entry = new PaxTarEntry(type, name);
        if (link is not null) entry.LinkName = link;
        return entry;
    }

    private Task<IReadOnlyList<string>> Unpack(Stream tar, SubmissionLimits? limits = null) =>
        SubmissionArchive.UnpackAsync(tar, JobFolder, limits, "job.tar", CancellationToken.None);

    private async Task<string> Refused(Stream tar, SubmissionLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<InputException>(() => Unpack(tar, limits));
        Assert.StartsWith("job.tar: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(JobFolder), "a refused archive leaves nothing behind");
        return error.Message;
    }

    [Fact]
    public async Task UnpackAsync_JobAndItsFiles_WritesThemOwnerOnly()
    {
        var files = await Unpack(Tar(
            File("job.yaml", "kind: container\nfiles: ./code\n"),
            Folder("./code/"),
            File("./code/main.py", "print(1)", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite),
            File("code/lib/util.py", "x = 1", UnixFileMode.UserRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)));

        Assert.Equal(["job.yaml", "code/main.py", "code/lib/util.py"], files);
        Assert.Equal("print(1)", System.IO.File.ReadAllText(Path.Combine(JobFolder, "code", "main.py")));
        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner | UnixFileMode.UserExecute, System.IO.File.GetUnixFileMode(Path.Combine(JobFolder, "code", "main.py")));
        Assert.Equal(owner, System.IO.File.GetUnixFileMode(Path.Combine(JobFolder, "code", "lib", "util.py")));
        Assert.Equal(owner | UnixFileMode.UserExecute, System.IO.File.GetUnixFileMode(Path.Combine(JobFolder, "code", "lib")));
        Assert.Equal(owner | UnixFileMode.UserExecute, System.IO.File.GetUnixFileMode(JobFolder));
    }

    [Fact]
    public async Task UnpackAsync_ThenConfinedCopy_CopiesTheNamedFolder()
    {
        await Unpack(Tar(File("job.yaml", "files: code"), File("code/main.py", "print(1)")));
        var home = new SandboxHome(Path.Combine(_root, "home"));
        var copy = Path.Combine(_root, "copy");

        ConfinedFolder.Copy(JobFolder, "code", copy, SubmissionLimits.Default, home, "job.yaml: files");

        Assert.Equal("print(1)", System.IO.File.ReadAllText(Path.Combine(copy, "main.py")));
    }

    [Fact]
    public async Task UnpackAsync_SymbolicLink_IsRefusedNamingTheEntry()
    {
        var message = await Refused(Tar(File("job.yaml", "x"), Entry(TarEntryType.SymbolicLink, "code/key", "/home/sandbox/keys/masking.key")));

        Assert.Equal("job.tar: code/key: a symbolic link (to /home/sandbox/keys/masking.key); only regular files and folders are accepted", message);
    }

    [Fact]
    public async Task UnpackAsync_HardLink_IsRefused()
    {
        var message = await Refused(Tar(File("a.py", "x"), Entry(TarEntryType.HardLink, "b.py", "a.py")));

        Assert.Contains("b.py: a hard link (to a.py)", message);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task UnpackAsync_DeviceOrFifo_IsRefused(TarEntryType type)
    {
        Assert.Contains("dev: a device or FIFO", await Refused(Tar(Entry(type, "dev"))));
    }

    [Theory]
    [InlineData("/etc/cron.d/evil", "an absolute name")]
    [InlineData("../keys/masking.key", "contains '..'")]
    [InlineData("code/../../escape", "contains '..'")]
    [InlineData("code/./x", "not a plain relative name")]
    [InlineData("code//x", "not a plain relative name")]
    [InlineData("code\\..\\x", "contains '\\'")]
    [InlineData("code/\u0001x", "control character")]
    public async Task UnpackAsync_NameLeavingTheFolder_IsRefused(string name, string why)
    {
        var message = await Refused(Tar(File("job.yaml", "x"), File(name, "evil")));

        Assert.Contains(why, message);
        Assert.False(System.IO.File.Exists("/etc/cron.d/evil"));
    }

    [Fact]
    public async Task UnpackAsync_MoreThanTenThousandEntries_IsRefused()
    {
        var entries = Enumerable.Range(0, 10_001).Select(i => (TarEntry)File($"f/{i:D5}", "")).ToArray();

        Assert.Contains("more than 10000 files and folders (at f/10000)", await Refused(Tar(entries)));
    }

    [Fact]
    public async Task UnpackAsync_EntryClaimingOneGigabyte_IsRefusedBeforeItsDataIsRead()
    {
        var tar = Tar(
            new UstarTarEntry(TarEntryType.RegularFile, "job.yaml") { DataStream = new MemoryStream("x"u8.ToArray()) },
            new UstarTarEntry(TarEntryType.RegularFile, "big.bin") { DataStream = new MemoryStream("small"u8.ToArray()) });
        ClaimSize(tar, entryIndex: 1, 1L << 30);

        Assert.Contains("more than 256 MiB of files (at big.bin)", await Refused(tar));
    }

    [Fact]
    public async Task UnpackAsync_PastASmallLimit_IsRefused()
    {
        Assert.Contains("more than 8 bytes of files (at b)", await Refused(Tar(File("a", "12345"), File("b", "6789")), new SubmissionLimits(8, 10)));
    }

    [Fact]
    public async Task UnpackAsync_SameNameTwice_IsRefused()
    {
        Assert.Contains("job.yaml: appears twice", await Refused(Tar(File("job.yaml", "grant: a"), File("job.yaml", "grant: b"))));
    }

    [Fact]
    public async Task UnpackAsync_FileUnderAFile_IsRefused()
    {
        Assert.Contains("'a' is a file and a folder at once", await Refused(Tar(File("a", "x"), File("a/b", "y"))));
    }

    [Fact]
    public async Task UnpackAsync_NotATar_IsRefused()
    {
        using var text = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 2048)));

        Assert.Contains("not a readable POSIX tar archive", await Refused(text));
    }

    [Fact]
    public async Task UnpackAsync_DataAfterTheArchive_IsRefused()
    {
        var tar = Tar(File("job.yaml", "x"));
        tar.Position = tar.Length;
        tar.Write("trailing"u8);
        tar.Position = 0;

        Assert.Contains("followed by other data", await Refused(tar));
    }

    [Fact]
    public async Task UnpackAsync_IntoAFolderThatHoldsFiles_IsMisuse()
    {
        Directory.CreateDirectory(JobFolder);
        System.IO.File.WriteAllText(Path.Combine(JobFolder, "other.yaml"), "x");

        await Assert.ThrowsAsync<IOException>(() => Unpack(Tar(File("job.yaml", "x"))));
        Assert.True(System.IO.File.Exists(Path.Combine(JobFolder, "other.yaml")));
    }

    // Rewrites the size field (and checksum) of one ustar header in place: a header that claims more than it holds.
    private static void ClaimSize(MemoryStream tar, int entryIndex, long size)
    {
        var bytes = tar.GetBuffer();
        var offset = 0;
        for (var i = 0; i < entryIndex; i++) offset += 512 + (int)((Octal(bytes, offset + 124, 12) + 511) / 512 * 512);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(bytes, offset + 124);
        Array.Fill(bytes, (byte)' ', offset + 148, 8);
        var sum = 0;
        for (var i = 0; i < 512; i++) sum += bytes[offset + i];
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(bytes, offset + 148);
    }

    private static long Octal(byte[] bytes, int offset, int length)
    {
        var text = Encoding.ASCII.GetString(bytes, offset, length).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }
}
