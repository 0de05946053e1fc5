using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Staging;

/// <summary>
/// The in-memory database of an inprocess job, opened in the background from the moment the job arrives: starting a
/// DuckDB instance takes longer than reading the job, the decision and the audited state changes together.
/// Disposing it before <see cref="Take"/> closes the database (a refused job never uses it).
/// </summary>
public sealed class JobDatabaseOpening : IDisposable
{
    private readonly Task<DuckDBConnection> _opening;
    private bool _taken;

    /// <summary>Starts opening an empty, unlocked database; <see cref="Take"/> gives it the job's limits.</summary>
    public JobDatabaseOpening() => _opening = Task.Run(LockedWorkspace.OpenInMemory);

    /// <summary>What an in-memory workspace may spill to disk: past this DuckDB fails the query rather than fill the disk.</summary>
    public const long SpillBytes = 4L << 30;

    /// <summary>
    /// Waits for the database and hands it over with <paramref name="limits"/> set and spilling to a new
    /// <see cref="SpillFolder"/> (see <see cref="ScratchFolder"/>): the caller owns both from here.
    /// </summary>
    /// <exception cref="DuckDBException">The instance could not be opened or limited.</exception>
    /// <exception cref="IOException">The spill folder could not be created.</exception>
    public DuckDBConnection Take(SqlJobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ObjectDisposedException.ThrowIf(_taken, this);
        _taken = true;
        var connection = _opening.GetAwaiter().GetResult();
        try
        {
            // The job can read its settings: it spills into a folder whose path carries no server path.
            SpillFolder = ScratchFolder.Create();
            LockedWorkspace.Limit(connection, limits.MemoryBytes, limits.Threads, SpillFolder, SpillBytes);
            return connection;
        }
        catch
        {
            connection.Dispose();
            ScratchFolder.Remove(SpillFolder);
            SpillFolder = null;
            throw;
        }
    }

    /// <summary>
    /// Once taken: the folder the database spills into (see <see cref="ScratchFolder"/>); whoever owns the database
    /// removes it with the workspace.
    /// </summary>
    public string? SpillFolder { get; private set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_taken) return;
        _taken = true;
        try
        {
            _opening.GetAwaiter().GetResult().Dispose();
        }
        catch (DuckDBException)
        {
            // It never opened: nothing to close.
        }
    }
}
