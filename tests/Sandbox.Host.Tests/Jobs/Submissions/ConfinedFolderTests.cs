using System.Diagnostics;
using System.Net.Sockets;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs.Submissions;

namespace Sandbox.Host.Tests.Jobs.Submissions;

/// <summary>
/// <c>files:</c> is copied from inside the job file's own folder only. Each case builds a home (folders only, no
/// init needed) and a job folder next to it, then tries to reach out.
/// </summary>
public sealed class ConfinedFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sandbox-confined-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly SandboxHome _home;
    private readonly string _jobs;
    private readonly string _destination;

    public ConfinedFolderTests()
    {
        _home = new SandboxHome(Path.Combine(_root, "home"));
        Directory.CreateDirectory(_home.KeysDirectory);
        Directory.CreateDirectory(_home.DatasetsDirectory);
        Directory.CreateDirectory(_home.WorkspacesDirectory);
        File.WriteAllText(_home.MaskingKeyPath, "MASKING-KEY-BYTES");
        _jobs = Path.Combine(_root, "jobs");
        Directory.CreateDirectory(Path.Combine(_jobs, "code", "lib"));
        File.WriteAllText(Path.Combine(_jobs, "job.yaml"), "kind: container");
        File.WriteAllText(Path.Combine(_jobs, "code", "main.py"), "print(1)");
        File.WriteAllText(Path.Combine(_jobs, "code", "lib", "util.py"), "x = 1");
        _destination = Path.Combine(_root, "copy");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Copy(string files, SubmissionLimits? limits = null, string? jobFolder = null) =>
        ConfinedFolder.Copy(jobFolder ?? _jobs, files, _destination, limits ?? SubmissionLimits.Default, _home, "job.yaml: files");

    private InputException Refused(string files, SubmissionLimits? limits = null, string? jobFolder = null)
    {
        var error = Assert.Throws<InputException>(() => Copy(files, limits, jobFolder));
        Assert.StartsWith("job.yaml: files", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Copy_FolderInsideTheJobFolder_CopiesItsFilesOwnerOnlyKeepingTheExecutableBit()
    {
        File.SetUnixFileMode(Path.Combine(_jobs, "code", "main.py"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead);

        Copy("./code");

        Assert.Equal("print(1)", File.ReadAllText(Path.Combine(_destination, "main.py")));
        Assert.Equal("x = 1", File.ReadAllText(Path.Combine(_destination, "lib", "util.py")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_destination, "main.py")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_destination, "lib", "util.py")));
    }

    [Theory]
    [InlineData("/etc", "absolute")]
    [InlineData("../home/keys", "'..'")]
    [InlineData("code/../../home/keys", "'..'")]
    public void Copy_PathLeavingTheJobFolder_IsRefused(string files, string why)
    {
        Assert.Contains(why, Refused(files).Message);
        Assert.False(Directory.Exists(_destination));
    }

    [Fact]
    public void Copy_FilesFolderIsASymbolicLink_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_jobs, "keys"), _home.KeysDirectory);

        Assert.Contains("keys is a symbolic link", Refused("keys").Message);
    }

    [Fact]
    public void Copy_SymbolicLinkOnTheWay_IsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_jobs, "home"), _home.Root);

        Assert.Contains("home is a symbolic link", Refused("home/keys").Message);
    }

    [Fact]
    public void Copy_SymbolicLinkInsideTheFolderPointingOut_IsRefusedAndNothingIsCopied()
    {
        File.CreateSymbolicLink(Path.Combine(_jobs, "code", "lib", "key"), _home.MaskingKeyPath);

        var error = Refused("code");

        Assert.Contains("code/lib/key: a symbolic link", error.Message);
        Assert.False(File.Exists(Path.Combine(_destination, "lib", "key")));
    }

    [Fact]
    public void Copy_HardLinkedFile_IsRefused()
    {
        Link(_home.MaskingKeyPath, Path.Combine(_jobs, "code", "key"));

        var error = Refused("code");

        Assert.Contains("code/key: a hard link (2 names", error.Message);
        Assert.DoesNotContain("MASKING-KEY-BYTES", Contents(_destination));
    }

    [Fact]
    public void Copy_Fifo_IsRefused()
    {
        Run("mkfifo", Path.Combine(_jobs, "code", "pipe"));

        Assert.Contains("code/pipe: a device, FIFO or socket", Refused("code").Message);
    }

    [Fact]
    public void Copy_Socket_IsRefused()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_jobs, "code", "sock")));

        Assert.Contains("code/sock: a device, FIFO or socket", Refused("code").Message);
    }

    [Fact]
    public void Copy_Device_IsRefused()
    {
        // A device node needs root to make; elsewhere the same refusal is shown with a FIFO (Copy_Fifo_IsRefused).
        if (Environment.UserName == "root") Run("mknod", Path.Combine(_jobs, "code", "null"), "c", "1", "3");
        else Run("mkfifo", Path.Combine(_jobs, "code", "null"));

        Assert.Contains("code/null: a device, FIFO or socket", Refused("code").Message);
    }

    [Fact]
    public void Copy_MoreThanTenThousandEntries_IsRefused()
    {
        var many = Path.Combine(_jobs, "many");
        Directory.CreateDirectory(many);
        for (var i = 0; i <= 10_000; i++) File.Create(Path.Combine(many, $"f{i:D5}")).Dispose();

        Assert.Contains("more than 10000 files and folders", Refused("many").Message);
    }

    [Fact]
    public void Copy_OneGigabyteFile_IsRefusedBeforeItIsCopied()
    {
        using (var big = File.Create(Path.Combine(_jobs, "code", "big.bin"))) big.SetLength(1L << 30); // sparse: no disk used

        var error = Refused("code");

        Assert.Contains("more than 256 MiB of job files (at code/big.bin)", error.Message);
        Assert.False(File.Exists(Path.Combine(_destination, "big.bin")));
    }

    [Fact]
    public void Copy_PastASmallSizeLimit_IsRefused()
    {
        Assert.Contains("more than 10 bytes", Refused("code", new SubmissionLimits(10, 100)).Message);
    }

    [Fact]
    public void Copy_MissingFolder_IsRefusedNamingIt()
    {
        Assert.Contains("nope: no such folder", Refused("nope").Message);
    }

    [Fact]
    public void Copy_JobFileInTheHome_CannotNameKeysOrDatasetsOrTheHome()
    {
        Assert.Contains("holds the sandbox home", Refused("keys", jobFolder: _home.Root).Message);
        Assert.Contains("holds the sandbox home", Refused(".", jobFolder: _home.Root).Message);
        Assert.Contains("holds the sandbox home", Refused("home", jobFolder: _root).Message);
        Assert.Contains("inside the home's keys/", Refused(".", jobFolder: _home.KeysDirectory).Message);
        Assert.Contains("inside the home's datasets/", Refused(".", jobFolder: _home.DatasetsDirectory).Message);
    }

    [Fact]
    public void Copy_JobSentToTheApi_NamesItsOwnSubmissionOnlyNeverAnotherOrSubmittedItself()
    {
        // POST /v1/jobs with a tar: job.yaml and its files unpacked into submitted/<id>/, the job's own folder.
        var mine = Path.Combine(_home.SubmittedDirectory, "sub-a");
        var theirs = Path.Combine(_home.SubmittedDirectory, "sub-b");
        Directory.CreateDirectory(Path.Combine(mine, "code"));
        File.WriteAllText(Path.Combine(mine, "code", "main.py"), "print('mine')");
        Directory.CreateDirectory(Path.Combine(theirs, "code"));
        File.WriteAllText(Path.Combine(theirs, "code", "main.py"), "print('theirs')");

        Copy("./code", jobFolder: mine);
        Assert.Equal("print('mine')", File.ReadAllText(Path.Combine(_destination, "main.py")));

        Directory.Delete(_destination, recursive: true);
        Assert.Contains("inside the home's submitted/", Refused(".", jobFolder: _home.SubmittedDirectory).Message);
        Assert.Contains("inside the home's submitted/", Refused("sub-b", jobFolder: _home.SubmittedDirectory).Message);
        Assert.Contains("'..'", Refused("../sub-b/code", jobFolder: mine).Message);
        // A link in my submission to another's folder: refused as any link on the way.
        Directory.CreateSymbolicLink(Path.Combine(mine, "other"), Path.Combine(theirs, "code"));
        Refused("other", jobFolder: mine);
        Assert.Equal("", Contents(_destination));
    }

    [Fact]
    public void Copy_JobFolderIsALinkIntoKeys_IsRefused()
    {
        var link = Path.Combine(_root, "innocent");
        Directory.CreateSymbolicLink(link, _home.KeysDirectory);

        Assert.Contains("inside the home's keys/", Refused(".", jobFolder: link).Message);
    }

    private static void Link(string existing, string name) => Run("ln", existing, name);

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private static string Contents(string folder) => Directory.Exists(folder)
        ? string.Concat(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText))
        : "";
}
