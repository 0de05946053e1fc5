using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.DataPlane;

/// <summary>Materialization temporaries after a crash: removed when their table's lock is free, kept while a build holds it.</summary>
public sealed class MaterializerLeftoversTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("materialized-");

    [Fact]
    public void RemoveLeftovers_RemovesTemporariesOfTablesNobodyBuilds()
    {
        var grant = Directory.CreateDirectory(Path.Combine(_root.FullName, "materialized", "nj-credit-2026")).FullName;
        string[] killed = [".residents.a1.f00.parquet", ".residents.a1.f00.arrow"];
        string[] building = [".enterprise_registry.c3.f02.parquet"];
        string[] whole = ["residents.a1.parquet", "residents.a1.arrow", "residents.a1.unique", "residents.lock"];
        foreach (var name in killed.Concat(building).Concat(whole)) File.WriteAllText(Path.Combine(grant, name), "");
        // Where a killed subject check spilled, and the one in progress's.
        var spilled = Directory.CreateDirectory(Path.Combine(grant, ".residents.a1.f01.tmp")).FullName;
        File.WriteAllText(Path.Combine(spilled, "duckdb_temp_storage-0.tmp"), "");
        var spilling = Directory.CreateDirectory(Path.Combine(grant, ".enterprise_registry.c3.f03.tmp")).FullName;
        // A build in progress holds its table's lock.
        using var held = new FileStream(Path.Combine(grant, "enterprise_registry.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var removed = Materializer.RemoveLeftovers(new SandboxHome(_root.FullName));

        Assert.Equal(killed.Append(".residents.a1.f01.tmp").Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
        Assert.All(building.Concat(whole), name => Assert.True(File.Exists(Path.Combine(grant, name)), name));
        Assert.False(Directory.Exists(spilled));
        Assert.True(Directory.Exists(spilling));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
