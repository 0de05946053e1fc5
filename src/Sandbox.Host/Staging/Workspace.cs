using DuckDB.NET.Data;

namespace Sandbox.Host.Staging;

/// <summary>
/// A job's staged data. For a container: one folder of hard links to the grant's materialization, per table its
/// Parquet and Arrow IPC file, with <see cref="Database"/> null. In memory (the inprocess backend): the job's own locked
/// DuckDB, <see cref="Connection"/>, reading those Parquet files in place, with <see cref="Database"/> null, or a copied
/// <c>sandbox.duckdb</c> (<see cref="Database"/>) where it could not read in place.
/// </summary>
public sealed record Workspace(string Directory, string? Database, IReadOnlyList<string> Tables)
{
    /// <summary>
    /// The subject column of each staged table (table → column) whose subject is in the workspace and not redacted:
    /// what the runner needs to write the export gate's evidence beside SQL outputs.
    /// </summary>
    public IReadOnlyDictionary<string, string> Subjects { get; init; } = new Dictionary<string, string>();

    /// <summary>The staged tables known to hold each subject once (see <see cref="DataPlane.Materializer.Table.UniqueSubject"/>).</summary>
    public IReadOnlySet<string> UniqueSubjects { get; init; } = new HashSet<string>();

    /// <summary>An in-memory workspace: the job's database, already locked; owned by the workspace and closed by <see cref="Delete"/>.</summary>
    public DuckDBConnection? Connection { get; init; }

    /// <summary>
    /// The scratch folder of the job's DuckDB (its spill files, or the fallback database), outside the home so that
    /// no server path shows in its settings (see <see cref="ScratchFolder"/>); removed by <see cref="Delete"/>.
    /// </summary>
    public string? Scratch { get; init; }

    /// <summary>
    /// The lease on a warm instance (<see cref="WarmDatabases"/>) that <see cref="Connection"/> belongs to; released by
    /// <see cref="Delete"/> after the connection closes. Null for a job's own instance.
    /// </summary>
    public IDisposable? Lease { get; init; }

    /// <summary>
    /// True when the job reads the grant's materialized tables in place, attached by its own DuckDB or hard-linked for
    /// its container (files that stay as they are while their address does): a SQL output's evidence is then measured when an export of it is asked for, from the same files,
    /// and not on the job's path (see <c>Exports.RequestedEvidence</c>).
    /// </summary>
    public bool EvidenceAtRequest { get; init; }

    /// <summary>The bytes of the materialized files the job reads in place (its tables' masked Parquet); null when it reads none.</summary>
    public long? InPlaceBytes { get; init; }

    /// <summary>A scoring job's released model, resolved and hash-checked after admission; null for every other job.</summary>
    public Exports.ReleasedModel? Model { get; init; }

    /// <summary>Closes an in-memory workspace and removes the directory and its scratch folder; safe to call twice.</summary>
    public void Delete()
    {
        Connection?.Dispose();
        Lease?.Dispose();
        ScratchFolder.Remove(Scratch);
        // A serving host's start may be removing the same finished job's folder (Docker.ContainerReconciler).
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (System.IO.DirectoryNotFoundException) { }
    }
}
