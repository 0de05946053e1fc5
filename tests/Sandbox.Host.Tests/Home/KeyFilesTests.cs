namespace Sandbox.Host.Tests.Home;

/// <summary>A home whose keys others could read or replace is refused at every start, naming the file and the fix.</summary>
public sealed class KeyFilesTests : IDisposable
{
    private readonly TestHome _home = new();

    private string Keys => Path.Combine(_home.Root, "keys");

    public void Dispose() => _home.Dispose();

    private string Refused()
    {
        var (code, output, error) = _home.Run("dataset", "list");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        return error.Trim();
    }

    [Theory]
    [InlineData("masking.key", UnixFileMode.OtherRead)]
    [InlineData("signing.ed25519", UnixFileMode.GroupRead)]
    [InlineData("masking.key", UnixFileMode.OtherWrite)]
    public void Open_KeyFileOpenToGroupOrOthers_IsRefusedNamingTheFileAndTheFix(string key, UnixFileMode extra)
    {
        var path = Path.Combine(Keys, key);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Refused();

        Assert.Contains(path + ": a key file readable or writable by group or others", error);
        Assert.EndsWith($"run `chmod 600 {path}`", error);
    }

    [Fact]
    public void Open_KeysFolderOpenToOthers_IsRefused()
    {
        File.SetUnixFileMode(Keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var error = Refused();

        Assert.Contains("(mode 0705)", error);
        Assert.EndsWith($"run `chmod 700 {Keys}`", error);
    }

    [Fact]
    public void Open_ApiTokensReadableByOthers_IsRefused()
    {
        _home.Ok("token", "issue", "admin");
        var tokens = Path.Combine(Keys, "api-tokens.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokens));
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.EndsWith($"run `chmod 600 {tokens}`", Refused());
    }

    [Fact]
    public void Open_KeysFixedWithChmod_IsAcceptedAgain()
    {
        var path = Path.Combine(Keys, "masking.key");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Refused();

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        _home.Ok("dataset", "list");
    }

    [Theory]
    [InlineData("workspaces")]
    [InlineData("out")]
    [InlineData("submitted")]
    public void Open_FolderOfTheHomeLeadingIntoKeys_IsRefused(string folder)
    {
        var path = Path.Combine(_home.Root, folder);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        Directory.CreateSymbolicLink(path, Keys);

        Assert.Contains(path + ": leads into or holds the keys folder", Refused());
    }
}
