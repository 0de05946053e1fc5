using System.Collections.Concurrent;

namespace Sandbox.Host.Staging;

/// <summary>
/// A folder for what a job's own DuckDB writes (its spill files, or a file database it reads), under a name that tells
/// nothing about the server: a fresh <c>sandbox-XXXXXX</c> in the system's temporary folder (<c>$TMPDIR</c>), mode 0700.
/// A job can read its settings (<c>current_setting('temp_directory')</c>, <c>duckdb_settings()</c>,
/// <c>duckdb_databases()</c>), and DuckDB resolves links before it lists a path, so the folder itself must live
/// outside the home rather than merely be named so. It holds masked values only, and goes with the workspace.
/// </summary>
/// <remarks>
/// The creating process holds an exclusive lock on the folder's <c>.owner</c> file until it removes the folder; the
/// kernel drops the lock when the process dies, however it dies. So a folder whose lock can be taken is one a killed
/// process left behind, and <see cref="RemoveOrphans"/> removes it, while folders of live processes are left alone.
/// </remarks>
internal static class ScratchFolder
{
    private const string Prefix = "sandbox-";
    private const string OwnerFile = ".owner";

    private static readonly ConcurrentDictionary<string, FileStream> Owned = new(StringComparer.Ordinal);

    /// <summary>Creates a new, empty scratch folder (owner only) and returns its path.</summary>
    public static string Create()
    {
        var folder = Directory.CreateTempSubdirectory(Prefix).FullName;
        // Locked under another name, then renamed (the lock stays with the open file): a sweeper in another process
        // never finds the owner file between its creation and its lock, which would make a live folder an orphan.
        var owner = new FileStream(Path.Combine(folder, OwnerFile + ".new"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            File.Move(owner.Name, Path.Combine(folder, OwnerFile));
        }
        catch
        {
            owner.Dispose();
            Directory.Delete(folder, recursive: true);
            throw;
        }
        Owned[folder] = owner;
        return folder;
    }

    /// <summary>Removes the folder and what is in it; safe to call twice or with null. A link is removed, never followed.</summary>
    public static void Remove(string? folder)
    {
        if (folder is null) return;
        if (Owned.TryRemove(folder, out var owner)) owner.Dispose();
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null) info.Delete();
        else if (info.Exists) info.Delete(recursive: true);
    }

    /// <summary>
    /// After a crash: removes the scratch folders in <c>$TMPDIR</c> whose creating process is gone (their owner lock is
    /// free); returns how many. A folder without an owner file is not known to be ours and is left alone.
    /// </summary>
    public static int RemoveOrphans()
    {
        var removed = 0;
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            if (Owned.ContainsKey(folder) || new DirectoryInfo(folder).LinkTarget is not null) continue;
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner)) continue;
            try
            {
                using (new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
            }
            catch (IOException)
            {
                continue; // a live process holds it
            }
            catch (UnauthorizedAccessException)
            {
                continue; // another user's
            }
            Directory.Delete(folder, recursive: true);
            removed++;
        }
        return removed;
    }
}
