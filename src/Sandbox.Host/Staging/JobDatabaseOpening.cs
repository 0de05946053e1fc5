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
    /// Waits for the database and hands it over with <paramref name="limits"/> set and spilling to
    /// <paramref name="spillDirectory"/> (through <see cref="SpillAlias"/>): the caller owns both from here.
    /// </summary>
    /// <exception cref="DuckDBException">The instance could not be opened or limited.</exception>
    /// <exception cref="IOException">The spill directory's alias could not be created.</exception>
    public DuckDBConnection Take(SqlJobLimits limits, string spillDirectory)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ObjectDisposedException.ThrowIf(_taken, this);
        _taken = true;
        var connection = _opening.GetAwaiter().GetResult();
        try
        {
            // The job can read its settings: it sees the spill directory under a name that carries no server path.
            SpillAlias = WorkspaceAlias.Create(spillDirectory);
            LockedWorkspace.Limit(connection, limits.MemoryBytes, limits.Threads, SpillAlias, SpillBytes);
            return connection;
        }
        catch
        {
            connection.Dispose();
            WorkspaceAlias.Remove(SpillAlias);
            SpillAlias = null;
            throw;
        }
    }

    /// <summary>
    /// Once taken: the name the database spills under, a link to the spill directory (see <see cref="WorkspaceAlias"/>);
    /// whoever owns the database removes it with the workspace.
    /// </summary>
    public string? SpillAlias { get; private set; }

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
