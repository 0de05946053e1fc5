using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>Metering (seed §11): what each job used, written in the transaction that ends the job.</summary>
internal sealed partial class ControlStore
{
    /// <summary>Records what job <paramref name="jobId"/> used; a job is metered once (a second record is ignored).</summary>
    private void PutJobUsage(SqliteTransaction tx, string jobId, JobUsage usage) => Execute(_connection, tx,
        """
        INSERT INTO job_usage(job_id, attribution, wall_ms, cpu_ms, peak_memory_bytes, read_bytes, written_bytes)
        VALUES ($id, $a, $wall, $cpu, $peak, $read, $written) ON CONFLICT(job_id) DO NOTHING
        """,
        ("$id", jobId), ("$a", usage.Attribution), ("$wall", usage.WallMilliseconds), ("$cpu", usage.CpuMilliseconds),
        ("$peak", usage.PeakMemoryBytes), ("$read", usage.ReadBytes), ("$written", usage.WrittenBytes));

    /// <summary>What job <paramref name="jobId"/> used, or null when it was not metered (it never ran, or it ran before metering).</summary>
    public JobUsage? FindJobUsage(string jobId) =>
        Query(UsageSelect + " WHERE job_id=$id", r => ReadUsage(r).Usage, ("$id", jobId)).FirstOrDefault();

    /// <summary>Every metered job's usage, by job id.</summary>
    public IReadOnlyDictionary<string, JobUsage> ListJobUsage() =>
        Query(UsageSelect, ReadUsage).ToDictionary(u => u.JobId, u => u.Usage, StringComparer.Ordinal);

    private const string UsageSelect = "SELECT job_id, attribution, wall_ms, cpu_ms, peak_memory_bytes, read_bytes, written_bytes FROM job_usage";

    private static (string JobId, JobUsage Usage) ReadUsage(SqliteDataReader r) => (r.GetString(0), new JobUsage(
        r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
        r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetInt64(6)));

    /// <summary>A stored policy document's text and the SHA-256 of the file it was applied from, or null.</summary>
    public (string Yaml, string Sha256)? FindPolicyDocumentWithHash(string kind) =>
        Query("SELECT json, sha256 FROM policy_documents WHERE kind=$k", r => (r.GetString(0), r.GetString(1)), ("$k", kind))
            .Select(d => ((string, string)?)d).FirstOrDefault();
}
