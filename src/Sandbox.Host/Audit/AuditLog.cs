using Sandbox.Host.Store;

namespace Sandbox.Host.Audit;

/// <summary>
/// Reading and verifying the append-only audit log whose entries chain by SHA-256 (<see cref="AuditChain"/>): the
/// store appends an entry with every change and keeps the newest (seq, hash) in a signed head file
/// (<see cref="AuditHead"/>), so removing entries from the end is detected too.
/// </summary>
internal static class AuditLog
{
    /// <summary>All entries, oldest first.</summary>
    public static IReadOnlyList<AuditEntry> Read(IControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ListAudit();
    }

    /// <summary>
    /// The entries about <paramref name="subjects"/> and every policy entry (which declares grants and principals), oldest first.
    /// </summary>
    public static IReadOnlyList<AuditEntry> ReadAbout(IControlStore store, IReadOnlyCollection<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ListAuditAbout(subjects);
    }

    /// <summary>Checks the whole chain and the signed head; returns every problem found.</summary>
    public static IReadOnlyList<string> Verify(IControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<string>();
        var entries = Read(store);
        var prev = AuditChain.Genesis;
        long expected = 1;
        foreach (var e in entries)
        {
            if (e.Seq != expected) problems.Add($"entry {expected}: missing (next entry is {e.Seq})");
            if (e.PrevHash != prev) problems.Add($"entry {e.Seq}: previous-hash does not match entry {e.Seq - 1} (removed or reordered entries)");
            if (AuditChain.HashOf(e) != e.Hash) problems.Add($"entry {e.Seq}: content does not match its hash (edited)");
            prev = e.Hash;
            expected = e.Seq + 1;
        }
        problems.AddRange(store.Head.Problems(entries.Count == 0 ? (0, AuditChain.Genesis) : (entries[^1].Seq, entries[^1].Hash)));
        return problems;
    }
}
