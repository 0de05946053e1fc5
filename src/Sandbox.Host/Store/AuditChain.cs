using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Host.Store;

/// <summary>
/// How the audit log's entries chain: each hash covers the entry and the previous hash, so an edited, removed or
/// reordered entry breaks the chain. Every store appends with it; <c>audit verify</c> recomputes it.
/// </summary>
internal static class AuditChain
{
    /// <summary>The previous-hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash of <paramref name="e"/> (its own <see cref="AuditEntry.Hash"/> aside).</summary>
    public static string HashOf(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // Length-prefixed fields: no two different entries share a canonical form.
        var builder = new StringBuilder();
        foreach (var field in new[] { e.Seq.ToString(CultureInfo.InvariantCulture), ControlStore.Time(e.At), e.Actor, e.Action, e.Subject, e.Detail, e.PrevHash })
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>The entry that follows (<paramref name="lastSeq"/>, <paramref name="lastHash"/>), with its hash.</summary>
    public static AuditEntry Next(long lastSeq, string lastHash, DateTimeOffset at, string actor, string action, string subject, string detail)
    {
        var entry = new AuditEntry(lastSeq + 1, at, actor, action, subject, detail, lastHash, "");
        return entry with { Hash = HashOf(entry) };
    }
}
