using DuckDB.NET.Data;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Staging;

/// <summary>
/// The in-memory database of an inprocess job, opened in the background while the policy decides: starting a DuckDB
/// instance takes longer than the decision and the audited state changes together. Disposing it before
/// <see cref="Take"/> closes the database (a refused job never uses it).
/// </summary>
public sealed class JobDatabaseOpening : IDisposable
{
    private readonly Task<DuckDBConnection> _opening;
    private bool _taken;

    /// <summary>Starts opening an empty, unlocked database with <paramref name="limits"/> that spills to <paramref name="spillDirectory"/>.</summary>
    public JobDatabaseOpening(SqlJobLimits limits, string spillDirectory)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _opening = Task.Run(() => LockedWorkspace.OpenInMemory(limits.MemoryBytes, limits.Threads, spillDirectory, SpillBytes));
    }

    /// <summary>What an in-memory workspace may spill to disk: past this DuckDB fails the query rather than fill the disk.</summary>
    public const long SpillBytes = 4L << 30;

    /// <summary>Waits for the database and hands it over: the caller owns it from here.</summary>
    /// <exception cref="DuckDBException">The instance could not be opened.</exception>
    public DuckDBConnection Take()
    {
        ObjectDisposedException.ThrowIf(_taken, this);
        _taken = true;
        return _opening.GetAwaiter().GetResult();
    }

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
