using Sandbox.Contracts.Jobs;
using Sandbox.Export.Review;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Store;

/// <summary>One column of an imported dataset and how it was classified.</summary>
public sealed record DatasetColumn(string Name, string Type, string? Entity, double Confidence, int Level);

/// <summary>An imported dataset: an immutable, content-addressed Parquet file of the domain.</summary>
public sealed record DatasetRecord(
    string Name, string? Provider, string? Subject, string Sha256, string Path, long Rows,
    IReadOnlyList<DatasetColumn> Columns, DateTimeOffset ImportedAt);

/// <summary>One imported version of a dataset: its content hash, rows, when and by whom (null: before history was kept).</summary>
public sealed record DatasetVersion(long Version, string Sha256, long Rows, DateTimeOffset ImportedAt, string? ImportedBy);

/// <summary>A grant as applied (<paramref name="Grant"/>, read back from the store), with its current lifecycle state.</summary>
public sealed record GrantRecord(string Id, GrantState State, Grant Grant, string SourceFile, string Sha256, DateTimeOffset AppliedAt);

/// <summary>A job's output file, as the contract names it.</summary>
public sealed record JobOutput(string Name, string Path, long Rows, long Bytes);

/// <summary>A job and where it stands.</summary>
public sealed record JobRecord(
    string Id, string GrantId, string Kind, JobSpec Spec, JobState State, int? ExitCode, string? Reason,
    string Backend, string SubmittedBy, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, IReadOnlyList<JobOutput> Outputs);

/// <summary>An export request, its document (the check report of the current round) and review state.</summary>
public sealed record ExportRecord(
    string Id, string JobId, string Output, string Path, string Sha256, string RequestedBy, DateTimeOffset RequestedAt,
    ExportState State, ExportDocument Document, string? ReleaseId, string? BundlePath)
{
    /// <summary>
    /// Why the export is frozen (its grant was suspended, terminated or expired), or null. A frozen export may not be
    /// reviewed or released; resuming the grant thaws it.
    /// </summary>
    public string? FrozenReason { get; init; }
}

/// <summary>One review decision on an export.</summary>
public sealed record ReviewRow(string ExportId, string Principal, string Stage, string Action, string Note, DateTimeOffset At);

/// <summary>One entry of the hash-chained audit log.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, string Subject, string Detail, string PrevHash, string Hash);
