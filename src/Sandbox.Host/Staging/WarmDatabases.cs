using DuckDB.NET.Data;
using Sandbox.Host.DataPlane;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Staging;

/// <summary>
/// For a long-running host (<c>sandbox serve</c>): DuckDB instances kept open over a grant's materialized tables,
/// limited and locked exactly as a job's own instance is (<see cref="JobDatabaseOpening"/>,
/// <see cref="Materializer.AttachTables"/>, <see cref="LockedWorkspace.Lock"/>), each job getting a connection of its own.
/// Starting an instance and its first query cost more than a small job's query; this pays them once per grant.
/// </summary>
/// <remarks>
/// An instance is shared only by jobs reading the same materialized tables — one grant's, one version of
/// each table's data, plan and key — with the same memory and thread limits: a job sees nothing another grant's job could not, and
/// the limits hold for all of them together (stricter than each alone). A job's connection runs one admitted SELECT
/// at a time (no setting can change: the instance is locked) and is closed with its workspace. An instance idle for
/// <see cref="Idle"/>, or one of whose files is gone (the grant ended, its data re-imported), is closed at the next
/// use or sweep, and its spill folder removed.
/// </remarks>
internal sealed class WarmDatabases : IDisposable
{
    private sealed class Instance(DuckDBConnection root, string scratch, string searchPath, IReadOnlyList<string> files)
    {
        public DuckDBConnection Root { get; } = root;
        public string Scratch { get; } = scratch;
        public string SearchPath { get; } = searchPath;
        public IReadOnlyList<string> Files { get; } = files;
        public int InUse;
        public long LastUsed = Environment.TickCount64;
        public bool Closed;
    }

    private readonly Dictionary<(string Files, long Memory, int Threads), Instance> _instances = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <summary>How long an unused instance stays open.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A new connection, locked and reading <paramref name="tables"/> (the job's tables' materialized files) in place,
    /// and the lease on its instance: the caller closes the connection, then disposes the lease.
    /// </summary>
    /// <exception cref="DuckDBException">The instance could not be opened, limited or locked.</exception>
    public (DuckDBConnection Connection, IDisposable Lease) Open(IReadOnlyList<Materializer.Table> tables, SqlJobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(limits);
        var key = (string.Join('\n', tables.Select(t => $"{t.Name}\t{t.Parquet}")), limits.MemoryBytes, limits.Threads);
        Instance instance;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SweepLocked();
            if (!_instances.TryGetValue(key, out instance!))
            {
                instance = Start(tables, limits);
                _instances[key] = instance;
            }
            instance.InUse++;
            instance.LastUsed = Environment.TickCount64;
        }
        var lease = new Lease(this, instance);
        DuckDBConnection? connection = null;
        try
        {
            connection = instance.Root.Duplicate();
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SET search_path = {Sandbox.Host.Datasets.Sql.Literal(instance.SearchPath)}"; // the search path is per connection
            command.ExecuteNonQuery();
            return (connection, lease);
        }
        catch
        {
            connection?.Dispose();
            lease.Dispose();
            throw;
        }
    }

    private sealed class Lease(WarmDatabases owner, Instance instance) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            lock (owner._gate)
            {
                instance.InUse--;
                instance.LastUsed = Environment.TickCount64;
                if (owner._disposed || owner._orphans.Contains(instance)) owner.SweepLocked();
            }
        }
    }

    /// <summary>Closes the instances idle for <see cref="Idle"/> or one of whose files is gone.</summary>
    public void Sweep()
    {
        lock (_gate) SweepLocked();
    }

    private void SweepLocked()
    {
        if (_disposed)
        {
            // Stopped: what jobs still held closes as they finish.
            foreach (var instance in _instances.Values.Concat(_orphans).Where(i => i.InUse == 0 && !i.Closed)) Close(instance);
            return;
        }
        foreach (var (key, instance) in _instances.ToList())
        {
            bool gone = !instance.Files.All(File.Exists);
            bool idle = Environment.TickCount64 - instance.LastUsed > (long)Idle.TotalMilliseconds;
            if (instance.InUse == 0 && (gone || idle))
            {
                _instances.Remove(key);
                Close(instance);
            }
            else if (gone)
            {
                // Still read by a job: no new job gets it; it closes when that job's connection is released and swept.
                _instances.Remove(key);
                _orphans.Add(instance);
            }
        }
        foreach (var orphan in _orphans.Where(o => o.InUse == 0).ToList())
        {
            _orphans.Remove(orphan);
            Close(orphan);
        }
    }

    private readonly List<Instance> _orphans = [];

    private static Instance Start(IReadOnlyList<Materializer.Table> tables, SqlJobLimits limits)
    {
        var scratch = ScratchFolder.Create();
        var root = LockedWorkspace.OpenInMemory();
        try
        {
            LockedWorkspace.Limit(root, limits.MemoryBytes, limits.Threads, scratch, JobDatabaseOpening.SpillBytes);
            var searchPath = Materializer.AttachTables(root, scratch, tables);
            LockedWorkspace.Lock(root);
            return new Instance(root, scratch, searchPath, [.. tables.Select(t => t.Parquet)]);
        }
        catch
        {
            root.Dispose();
            ScratchFolder.Remove(scratch);
            throw;
        }
    }

    private static void Close(Instance instance)
    {
        if (instance.Closed) return;
        instance.Closed = true;
        instance.Root.Dispose();
        ScratchFolder.Remove(instance.Scratch);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            // A job still running keeps its instance until the host stops it; closing the instance under it would fail its query.
            foreach (var instance in _instances.Values.Concat(_orphans).Where(i => i.InUse == 0)) Close(instance);
        }
    }
}
