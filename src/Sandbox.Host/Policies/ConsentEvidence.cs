using System.Security.Cryptography;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Policies;

/// <summary>
/// Consent evidence (seed §7) is the bureau's: a grant that names an evidence file brings it into the home when it is
/// applied — copied, content-addressed by SHA-256 under <c>evidence/</c> (owner-only), and its hash recorded in the
/// audit log — so a later edit or loss of the file outside is visible. A named file that does not exist is bad input.
/// </summary>
internal static class ConsentEvidence
{
    /// <summary>One stored evidence file: the grant, dataset and columns it covers, the file as named and its hash.</summary>
    public sealed record Stored(string Grant, string Dataset, IReadOnlyList<string> Columns, string? Evidence, string? Sha256);

    /// <summary>Stores every named evidence file of <paramref name="grants"/>; returns what the audit entry records.</summary>
    /// <exception cref="InputException">A named file is missing, naming the grant document and the field.</exception>
    public static IReadOnlyList<Stored> Store(SandboxHome home, IEnumerable<Grant> grants)
    {
        var stored = new List<Stored>();
        foreach (var grant in grants)
        {
            foreach (var record in grant.ConsentRecords)
            {
                if (record.Evidence is not { Length: > 0 } named)
                {
                    stored.Add(new Stored(grant.Id, record.Dataset, record.Columns, null, null));
                    continue;
                }
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(grant.SourceFile)) ?? ".", named));
                if (!File.Exists(path))
                {
                    throw new InputException(new LocalMessage("error.policy.consent-file", ("file", grant.SourceFile), ("dataset", record.Dataset), ("evidence", named)));
                }
                stored.Add(new Stored(grant.Id, record.Dataset, record.Columns, named, Copy(home, path)));
            }
        }
        return stored;
    }

    private static string Copy(SandboxHome home, string path)
    {
        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var directory = home.EvidenceDirectory;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var target = Path.Combine(directory, sha + Path.GetExtension(path));
        if (File.Exists(target)) return sha;
        var temp = target + ".tmp";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, target, overwrite: true);
        return sha;
    }
}
