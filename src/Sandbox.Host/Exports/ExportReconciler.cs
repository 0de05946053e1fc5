using Sandbox.Host.Home;

namespace Sandbox.Host.Exports;

/// <summary>
/// After a crash during a release: a bundle is built in a temporary folder, renamed into place under its release id,
/// and only then is the export recorded as released. A process killed before the record leaves either a temporary
/// folder or a whole, signed bundle that no export names; the export itself is still approved. Both are removed, so
/// what the store says is what there is: a released export has its bundle, an unreleased one has none, and releasing
/// it again writes a new bundle under a new id.
/// </summary>
internal static class ExportReconciler
{
    private const string LockName = ".release.lock";

    /// <summary>
    /// The home's release lock (an exclusive lock on a file in <c>bundles/</c>, across processes; the kernel drops it
    /// with a killed process). Held by a release from its bundle's first byte to its record, and by the reconciler.
    /// </summary>
    public static FileStream ReleaseLock(SandboxHome home)
    {
        Directory.CreateDirectory(home.BundlesDirectory);
        var path = Path.Combine(home.BundlesDirectory, LockName);
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Removes the home's unfinished and unrecorded bundles; returns one line per folder removed.</summary>
    public static IReadOnlyList<string> Reconcile(SandboxSession session)
    {
        var directory = session.Home.BundlesDirectory;
        if (!Directory.Exists(directory)) return [];
        using var held = ReleaseLock(session.Home);
        var recorded = session.Store.ListExports().Select(e => e.BundlePath).OfType<string>()
            .Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p))).ToHashSet(StringComparer.Ordinal);
        var done = new List<string>();
        foreach (var folder in Directory.GetDirectories(directory))
        {
            var name = Path.GetFileName(folder);
            if (recorded.Contains(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))) continue;
            // `.rel-….tmp-…`: a bundle being written when its process died. `rel-…`: one published, never recorded.
            if (name.StartsWith(".rel-", StringComparison.Ordinal) && name.Contains(".tmp-", StringComparison.Ordinal))
            {
                Directory.Delete(folder, recursive: true);
                done.Add($"bundle {name}: removed (its release was interrupted while it was written)");
            }
            else if (name.StartsWith("rel-", StringComparison.Ordinal))
            {
                Directory.Delete(folder, recursive: true);
                done.Add($"bundle {name}: removed (its release was interrupted before the export was recorded as released)");
            }
        }
        return done;
    }
}
