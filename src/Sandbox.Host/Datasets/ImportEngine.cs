using DuckDB.NET.Data;

namespace Sandbox.Host.Datasets;

/// <summary>
/// The DuckDB instance an import converts and profiles with: its memory bounded, so a 100M-row file imports within
/// a fixed budget whatever the machine's size, spilling what does not fit to a folder inside the home.
/// </summary>
/// <remarks>
/// Without a limit DuckDB takes 80% of the machine's memory, and an import of 100M rows peaked at 4.9 GiB resident.
/// The spill folder holds raw, unmasked values: it lives beside the import's other temporaries in the home's datasets
/// folder (never in <c>$TMPDIR</c>, nor the default <c>.tmp</c> of the working directory) and goes with the import.
/// </remarks>
internal static class ImportEngine
{
    /// <summary>DuckDB's memory limit for an import (its buffers; the process adds the runtime's own).</summary>
    public const int MemoryLimitMiB = 1024;

    /// <summary>Opens an in-memory DuckDB bounded to <see cref="MemoryLimitMiB"/> that spills to <paramref name="spillDirectory"/>.</summary>
    public static DuckDBConnection Open(string spillDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(spillDirectory);
        Directory.CreateDirectory(spillDirectory);
        // Given at open, so the instance never holds more than the limit, not even before the first statement.
        var duck = new DuckDBConnection($"DataSource=:memory:;memory_limit={MemoryLimitMiB}MB");
        try
        {
            duck.Open();
            Sql.Execute(duck, $"SET temp_directory = {Sql.Literal(spillDirectory)}");
            return duck;
        }
        catch
        {
            duck.Dispose();
            throw;
        }
    }
}
