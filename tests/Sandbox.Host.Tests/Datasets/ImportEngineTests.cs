using Sandbox.Host.Datasets;

namespace Sandbox.Host.Tests.Datasets;

public sealed class ImportEngineTests
{
    [Fact]
    public void Open_BoundsMemoryAndSpillsIntoTheGivenFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "import-engine-" + Guid.NewGuid().ToString("N"), "x.spill");
        try
        {
            using var duck = ImportEngine.Open(folder);

            Assert.True(Directory.Exists(folder));
            // DuckDB reports the limit as text ("1.0 GiB" or "976.5 MiB"): read it back in bytes from its settings table.
            var limit = Convert.ToInt64(Sql.Scalar(duck,
                "SELECT CAST(regexp_extract(value, '^([0-9.]+)', 1) AS DOUBLE) * CASE WHEN value LIKE '%GiB' THEN 1073741824 WHEN value LIKE '%MiB' THEN 1048576 WHEN value LIKE '%GB' THEN 1000000000 ELSE 1000000 END FROM duckdb_settings() WHERE name = 'memory_limit'"));
            Assert.InRange(limit, 1, (long)ImportEngine.MemoryLimitMiB * 1024 * 1024);
            Assert.Equal(folder, Sql.Scalar(duck, "SELECT current_setting('temp_directory')"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public void Import_Succeeded_LeavesNoSpillFolderAndSweepsAnAbandonedOne()
    {
        using var home = new TestHome();
        var datasets = Path.Combine(home.Root, "datasets");
        // What a killed import (a process that no longer runs) left: its spill folder, with raw values in it.
        var abandoned = Path.Combine(datasets, ".import-2147483646-0123.spill");
        Directory.CreateDirectory(abandoned);
        File.WriteAllText(Path.Combine(abandoned, "duckdb_temp_block-1.block"), "raw");
        var file = Path.Combine(home.Root, "ok.csv");
        File.WriteAllText(file, "district,n\n玄武区,1\n秦淮区,2\n");

        home.Ok("dataset", "import", file, "--name", "small");

        Assert.Empty(Directory.EnumerateFileSystemEntries(datasets, ".import-*"));
    }
}
