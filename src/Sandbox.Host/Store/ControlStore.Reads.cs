using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>What each admitted job reads, written in the transaction that moves the job to staging.</summary>
public sealed partial class ControlStore
{
    /// <summary>Records what job <paramref name="jobId"/> reads; a job is admitted once (a second record is ignored).</summary>
    public void PutJobReads(SqliteTransaction tx, string jobId, JobReads reads) => Execute(_connection, tx,
        "INSERT INTO job_reads(job_id, json) VALUES ($id, $json) ON CONFLICT(job_id) DO NOTHING",
        ("$id", jobId), ("$json", JsonSerializer.Serialize(reads, Json)));

    /// <summary>What job <paramref name="jobId"/> reads, or null when it was never admitted (or was admitted before this was recorded).</summary>
    public JobReads? FindJobReads(string jobId) =>
        Query("SELECT json FROM job_reads WHERE job_id=$id", r => JsonSerializer.Deserialize<JobReads>(r.GetString(0), Json)!, ("$id", jobId)).FirstOrDefault();
}
