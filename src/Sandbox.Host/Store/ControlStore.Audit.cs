using Sandbox.Contracts.Audit;

namespace Sandbox.Host.Store;

/// <summary>Reading the audit log (appending goes through <see cref="Change{T}"/> only).</summary>
public sealed partial class ControlStore
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

    private static AuditEntry ReadAudit(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0), ParseTime(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7));
}
