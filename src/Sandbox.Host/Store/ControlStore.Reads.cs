using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sandbox.Host.Store;

/// <summary>What each admitted job reads, written in the transaction that moves the job to staging.</summary>
internal sealed partial class ControlStore
{
    private void PutJobReads(SqliteTransaction tx, string jobId, JobReads reads) => Execute(_connection, tx,
        "INSERT INTO job_reads(job_id, json) VALUES ($id, $json) ON CONFLICT(job_id) DO NOTHING",
        ("$id", jobId), ("$json", JsonSerializer.Serialize(reads, StoreJson.Rows.JobReads)));

    /// <inheritdoc />
    public JobReads? FindJobReads(string jobId) =>
        Query("SELECT json FROM job_reads WHERE job_id=$id", r => JsonSerializer.Deserialize(r.GetString(0), StoreJson.Rows.JobReads)!, ("$id", jobId)).FirstOrDefault();
}
