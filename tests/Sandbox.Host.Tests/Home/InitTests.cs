namespace Sandbox.Host.Tests.Home;

public sealed class InitTests
{
    [Fact]
    public void Init_NewHome_CreatesStoreAndOwnerOnlyKeys()
    {
        using var home = new TestHome();
        foreach (var key in new[] { "keys/signing.ed25519", "keys/masking.key" })
        {
            var path = Path.Combine(home.Root, key);
            Assert.True(File.Exists(path), key);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.True(File.Exists(Path.Combine(home.Root, "control.db")));
        // The store (grants, reviews, the gate's fingerprints) and its journal are the owner's only, as the keys are.
        foreach (var file in new[] { "control.db", "control.db-wal", "audit.head" })
        {
            var path = Path.Combine(home.Root, file);
            if (File.Exists(path)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Init_Twice_NeverOverwritesKeys()
    {
        using var home = new TestHome();
        var signing = File.ReadAllBytes(Path.Combine(home.Root, "keys/signing.ed25519"));
        var masking = File.ReadAllBytes(Path.Combine(home.Root, "keys/masking.key"));

        var output = home.Ok("init");

        Assert.Contains("already initialized", output);
        Assert.Equal(signing, File.ReadAllBytes(Path.Combine(home.Root, "keys/signing.ed25519")));
        Assert.Equal(masking, File.ReadAllBytes(Path.Combine(home.Root, "keys/masking.key")));
    }

    [Fact]
    public void AnyCommand_UninitializedHome_ExitsTwoNamingTheHome()
    {
        using var home = new TestHome(initialize: false);
        var (code, _, err) = home.Run("dataset", "list");
        Assert.Equal(2, code);
        Assert.Contains(home.Root, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void KeysShow_Json_PublishesThePublicKey()
    {
        using var home = new TestHome();
        var json = System.Text.Json.JsonDocument.Parse(home.Ok("keys", "show", "--json")).RootElement;
        Assert.Equal(64, json.GetProperty("publicKey").GetString()!.Length);
    }
}
