using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sandbox.Host.Store;

namespace Sandbox.Host.Audit;

/// <summary>
/// An append-only log whose entries chain by SHA-256: each hash covers the entry and the previous hash.
/// The newest (seq, hash) is also kept in a head file signed with the home's Ed25519 key, so removing
/// entries from the end is detected too.
/// </summary>
public sealed class AuditLog(string headPath, AuditHeadSigner signer)
{
    /// <summary>The previous-hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    internal void Append(SqliteTransaction tx, DateTimeOffset at, string actor, string action, string subject, string detail)
    {
        var (seq, prev) = Last(tx.Connection!, tx);
        var entry = new AuditEntry(seq + 1, at, actor, action, subject, detail, prev, "");
        entry = entry with { Hash = HashOf(entry) };
        ControlStore.Execute(tx.Connection!, tx,
            "INSERT INTO audit(seq, at, actor, action, subject, detail, prev_hash, hash) VALUES ($s, $at, $ac, $an, $su, $d, $p, $h)",
            ("$s", entry.Seq), ("$at", ControlStore.Time(at)), ("$ac", actor), ("$an", action), ("$su", subject), ("$d", detail),
            ("$p", prev), ("$h", entry.Hash));
    }

    /// <summary>
    /// Rewrites the signed head file after a commit (temp file, flushed, then rename). Workers and the API commit from
    /// several connections at once, and a CLI from another process: the head is read and written under a lock (in this
    /// process and across processes), each writer with its own temp file, so the newest head is always the one left.
    /// </summary>
    internal void CommitHead(SqliteConnection connection)
    {
        lock (HeadGate)
        {
            using var crossProcess = LockHead();
            var (seq, hash) = Last(connection, null);
            var line = $"{seq} {hash}";
            var text = $"{line} {Convert.ToHexStringLower(signer.Sign(Encoding.UTF8.GetBytes(line)))}\n";
            var temp = $"{headPath}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
            using (var file = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                file.Write(Encoding.UTF8.GetBytes(text));
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, headPath, overwrite: true);
        }
    }

    private static readonly Lock HeadGate = new();

    /// <summary>An exclusive lock on <c>audit.head.lock</c> (the OS releases it if the holder dies); waits up to 10 s.</summary>
    private FileStream LockHead()
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                return new FileStream(headPath + ".lock", new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>All entries, oldest first.</summary>
    public static IReadOnlyList<AuditEntry> Read(ControlStore store) => store.ListAudit();

    /// <summary>
    /// The entries about <paramref name="subjects"/> and every policy entry (which declares grants and principals), oldest first.
    /// </summary>
    internal static IReadOnlyList<AuditEntry> ReadAbout(ControlStore store, IReadOnlyCollection<string> subjects) => store.ListAuditAbout(subjects);

    /// <summary>Checks the whole chain and the signed head; returns every problem found.</summary>
    public IReadOnlyList<string> Verify(ControlStore store)
    {
        var problems = new List<string>();
        var entries = Read(store);
        var prev = Genesis;
        long expected = 1;
        foreach (var e in entries)
        {
            if (e.Seq != expected) problems.Add($"entry {expected}: missing (next entry is {e.Seq})");
            if (e.PrevHash != prev) problems.Add($"entry {e.Seq}: previous-hash does not match entry {e.Seq - 1} (removed or reordered entries)");
            if (HashOf(e) != e.Hash) problems.Add($"entry {e.Seq}: content does not match its hash (edited)");
            prev = e.Hash;
            expected = e.Seq + 1;
        }
        VerifyHead(entries.Count == 0 ? (0, Genesis) : (entries[^1].Seq, entries[^1].Hash), problems);
        return problems;
    }

    private void VerifyHead((long Seq, string Hash) last, List<string> problems)
    {
        if (!File.Exists(headPath))
        {
            if (last.Seq != 0) problems.Add($"{headPath}: signed head missing");
            return;
        }
        var parts = File.ReadAllText(headPath).Trim().Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var seq))
        {
            problems.Add($"{headPath}: malformed head");
            return;
        }
        byte[] signature;
        try { signature = Convert.FromHexString(parts[2]); }
        catch (FormatException) { problems.Add($"{headPath}: malformed signature"); return; }
        if (!signer.Verify(Encoding.UTF8.GetBytes($"{parts[0]} {parts[1]}"), signature))
        {
            problems.Add($"{headPath}: head signature invalid");
        }
        if (seq != last.Seq || parts[1] != last.Hash)
        {
            problems.Add($"log ends at entry {last.Seq} but the signed head is entry {seq}: entries were removed or rewritten");
        }
    }

    private static (long Seq, string Hash) Last(SqliteConnection connection, SqliteTransaction? tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, Genesis);
    }

    internal static string HashOf(AuditEntry e)
    {
        // Length-prefixed fields: no two different entries share a canonical form.
        var builder = new StringBuilder();
        foreach (var field in new[] { e.Seq.ToString(CultureInfo.InvariantCulture), ControlStore.Time(e.At), e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash })
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
