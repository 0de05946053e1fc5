using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Store;

namespace Sandbox.Host.Tests.Images;

/// <summary>The images a home trusts live in its store, each record an audited change; an older home's file moves in once.</summary>
public sealed class ImageRecordsTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private SandboxSession Open() => SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);

    [Fact]
    public void Record_IsStoredAndAudited()
    {
        using (var session = Open())
        {
            ImageTrust.Record(session, new ImageRecord("sandbox/python", "sha256:" + new string('a', 64), "recipe-1", _home.Time.GetUtcNow()), "image.build", "built");
        }

        using var again = Open();
        Assert.Equal("sha256:" + new string('a', 64), again.Store.FindImage("sandbox/python")!.Id);
        var audit = _home.Ok("audit", "show");
        Assert.Contains("image.build", audit, StringComparison.Ordinal);
        Assert.Contains("sandbox/python", audit, StringComparison.Ordinal);
        _home.Ok("--as", "city-auditor", "audit", "verify");
    }

    [Fact]
    public void ImportLegacy_AnOlderHomesFile_MovesIntoTheStoreOnceAndIsRemoved()
    {
        var file = ImageTrust.LegacyFileIn(new SandboxHome(_home.Root));
        File.WriteAllText(file, $$"""[{"name":"sandbox/runner","id":"sha256:{{new string('b', 64)}}","recipe":"r","recordedAt":"2026-11-01T00:00:00Z"}]""");

        using (var session = Open())
        {
            // A record the store already holds is kept: the file cannot overwrite what the store trusts.
            ImageTrust.Record(session, new ImageRecord("sandbox/python", "sha256:" + new string('c', 64), "p", _home.Time.GetUtcNow()), "image.build", "built");
            ImageTrust.ImportLegacy(session);

            Assert.Equal("sha256:" + new string('b', 64), session.Store.FindImage("sandbox/runner")!.Id);
            Assert.Equal(["sandbox/python", "sandbox/runner"], session.Store.ListImages().Select(i => i.Name));
        }
        Assert.False(File.Exists(file));
        Assert.Contains("imported from the home", _home.Ok("audit", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public void ImportLegacy_AFileThatIsNotRecords_IsBadInputNamingIt()
    {
        var file = ImageTrust.LegacyFileIn(new SandboxHome(_home.Root));
        File.WriteAllText(file, "{not json");

        using var session = Open();
        var ex = Assert.Throws<InputException>(() => ImageTrust.ImportLegacy(session));

        Assert.StartsWith(file + ": not the image records of an older home", ex.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
    }
}
