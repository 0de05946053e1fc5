using System.Security.Cryptography;
using System.Text.Json;
using DuckDB.NET.Data;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Datasets;

/// <summary>
/// Raw dataset files at rest: sealed under the home's data key, unreadable as copied, refused when changed, and opened
/// only for the materialization step into a private folder that goes with it.
/// </summary>
public sealed class RawVaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vault-test-").FullName;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData((1 << 20) * 2 + 12345)]
    public void Seal_ThenUnseal_GivesTheSameBytes(int size)
    {
        var plain = Write("plain.bin", RandomNumberGenerator.GetBytes(size));
        var sealedPath = Path.Combine(_dir, "x.parquet.sealed");

        RawVault.Seal(plain, sealedPath, _key);
        var back = Path.Combine(_dir, "back.bin");
        RawVault.Unseal(sealedPath, back, _key);

        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(back));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sealedPath));
    }

    public static TheoryData<string> Damages => ["flip a byte", "truncate", "append", "swap chunks", "another key", "flip the header"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void Unseal_ADamagedFile_IsRefusedNamingIt(string damage)
    {
        var plain = Write("plain.bin", RandomNumberGenerator.GetBytes((1 << 20) * 2 + 100));
        var sealedPath = Path.Combine(_dir, "x.parquet.sealed");
        RawVault.Seal(plain, sealedPath, _key);
        var bytes = File.ReadAllBytes(sealedPath);
        var key = _key;
        const int chunk = (1 << 20) + 16;
        switch (damage)
        {
            case "flip a byte": bytes[40 + chunk] ^= 1; break;
            case "truncate": bytes = bytes[..^10]; break;
            case "append": bytes = [.. bytes, 0]; break;
            case "swap chunks":
                var first = bytes.AsSpan(32, chunk).ToArray();
                bytes.AsSpan(32 + chunk, chunk).CopyTo(bytes.AsSpan(32));
                first.CopyTo(bytes.AsSpan(32 + chunk));
                break;
            case "another key": key = RandomNumberGenerator.GetBytes(32); break;
            case "flip the header": bytes[10] ^= 1; break;
        }
        File.WriteAllBytes(sealedPath, bytes);

        var error = Assert.Throws<InvalidDataException>(() => RawVault.Unseal(sealedPath, Path.Combine(_dir, "out.bin"), key));
        Assert.StartsWith("x.parquet.sealed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SealsTheRawFile_AndACopyOfItAloneReadsAsNothing()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 30);
        using var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time);
        var dataset = session.Store.FindDataset("residents")!;
        var raw = File.ReadLines(Path.Combine(home.Root, "inputs", "residents.csv")).Skip(1).First().Split(',')[0];

        Assert.EndsWith(".parquet" + RawVault.Suffix, dataset.Path, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(dataset.Path));
        var stored = File.ReadAllBytes(dataset.Path);
        Assert.False(stored.AsSpan().IndexOf("PAR1"u8) >= 0, "the stored file shows Parquet's magic");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM read_parquet('{dataset.Path}')";
            Assert.ThrowsAny<DuckDBException>(() => command.ExecuteScalar());
        }

        // The materialization step opens it, privately, and the opened copy goes with it.
        string folder;
        using (var opened = RawVault.Open(dataset))
        {
            folder = Path.GetDirectoryName(opened.Path)!;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            using var duck = new DuckDBConnection("DataSource=:memory:");
            duck.Open();
            using var command = duck.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM read_parquet('{opened.Path}') WHERE resident_id = '{raw}'";
            Assert.Equal(1L, Convert.ToInt64(command.ExecuteScalar()));
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Job_OnADamagedRawFile_FailsAtStagingNamingTheFile()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 30);
        string path;
        using (var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time)) path = session.Store.FindDataset("residents")!.Path;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(path);
        bytes[^20] ^= 1;
        File.WriteAllBytes(path, bytes);

        var (_, output, _) = home.Run("job", "run", "--wait", home.Job("nj-credit-2026", "n: select district, count(*) as n from residents group by district"), "--json");
        var job = JsonDocument.Parse(output).RootElement;

        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("staging failed: ", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("does not authenticate", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var (code, _, error) = home.Run("--as", TestHome.Bureau, "grant", "prepare", "nj-credit-2026");
        Assert.Equal(1, code);
        Assert.Contains("cannot be prepared: ", error, StringComparison.Ordinal);
        Assert.Contains("does not authenticate", error, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
