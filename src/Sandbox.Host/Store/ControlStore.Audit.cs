using Microsoft.Data.Sqlite;
using Sandbox.Contracts.Audit;

namespace Sandbox.Host.Store;

/// <summary>The audit log: appended by <see cref="Change{T}"/> only, in the change's transaction, chained by <see cref="AuditChain"/>.</summary>
internal sealed partial class ControlStore
{
    private const string AuditSelect = "SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit";

    /// <summary>All entries, oldest first.</summary>
    public IReadOnlyList<AuditEntry> ListAudit() => Query(AuditSelect + " ORDER BY seq", ReadAudit);

    /// <summary>The entries about <paramref name="subjects"/> and every policy entry (which declares grants and principals), oldest first.</summary>
    public IReadOnlyList<AuditEntry> ListAuditAbout(IReadOnlyCollection<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var names = subjects.Select((_, i) => $"$s{i}").ToList();
        var where = names.Count == 0 ? "" : $" OR subject IN ({string.Join(", ", names)})";
        return Query($"{AuditSelect} WHERE action = $policy{where} ORDER BY seq", ReadAudit,
            [("$policy", AuditActions.PolicyApply), .. subjects.Select((s, i) => (names[i], (object?)s))]);
    }

    /// <summary>Each export with its state exactly as stored (the ledger compares it with the log, tampered or not).</summary>
    public IReadOnlyList<(string Id, string StoredState)> ListExportStates() =>
        Query("SELECT id, state FROM exports ORDER BY id", r => (r.GetString(0), r.GetString(1)));

    /// <summary>Appends one entry in <paramref name="tx"/>; returns its sequence number.</summary>
    private long AppendAudit(SqliteTransaction tx, DateTimeOffset at, string actor, string action, string subject, string detail)
    {
        var (seq, prev) = LastAudit(tx);
        var entry = AuditChain.Next(seq, prev, at, actor, action, subject, detail);
        Execute(_connection, tx,
            "INSERT INTO audit(seq, at, actor, action, subject, detail, prev_hash, hash) VALUES ($s, $at, $ac, $an, $su, $d, $p, $h)",
            ("$s", entry.Seq), ("$at", Time(at)), ("$ac", actor), ("$an", action), ("$su", subject), ("$d", detail),
            ("$p", prev), ("$h", entry.Hash));
        return entry.Seq;
    }

    /// <summary>The newest entry's (seq, hash); (0, genesis) for an empty log.</summary>
    private (long Seq, string Hash) LastAudit(SqliteTransaction? tx) =>
        Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", r => (r.GetInt64(0), r.GetString(1)), tx) is [var last] ? last : (0, AuditChain.Genesis);

    private static AuditEntry ReadAudit(SqliteDataReader r) => new(
        r.GetInt64(0), ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));
}
