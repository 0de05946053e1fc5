using Sandbox.Host.Localization;

namespace Sandbox.Host.Home;

/// <summary>Key files: created once with mode 0600, never overwritten.</summary>
internal static class KeyFiles
{
    /// <summary>Writes <paramref name="key"/> to a new file readable by the owner only; false if the file exists.</summary>
    public static bool CreateOnce(string path, ReadOnlySpan<byte> key)
    {
        if (File.Exists(path)) return false;
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // never overwrite: a second init must not replace a key in use
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var stream = new FileStream(path, options);
        stream.Write(key);
        stream.Flush(flushToDisk: true);
        return true;
    }

    /// <summary>
    /// Refuses a home whose keys could be read or replaced by anyone but its owner: the keys folder must be 0700 and
    /// every file in it 0600 (or stricter), and no folder a job or submission writes to may lie inside it.
    /// </summary>
    /// <exception cref="InputException">One line naming the file and the fix.</exception>
    public static void EnsurePrivate(SandboxHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        var keys = home.KeysDirectory;
        if (!Directory.Exists(keys)) return; // not a home yet: Open says so
        if ((File.GetUnixFileMode(keys) & GroupOrOthers) != 0)
        {
            throw new InputException(new LocalMessage("error.keys.folder-open", ("path", keys), ("mode", Octal(File.GetUnixFileMode(keys)))));
        }
        foreach (var path in Directory.EnumerateFileSystemEntries(keys).Order(StringComparer.Ordinal))
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & GroupOrOthers) != 0)
            {
                throw new InputException(new LocalMessage("error.keys.file-open", ("path", path), ("mode", Octal(mode))));
            }
        }
        // Keys never sit under a folder a job or submission writes to or names (a link could put them there).
        var realKeys = RealPath.Of(keys);
        foreach (var folder in new[] { home.WorkspacesDirectory, home.OutDirectory, home.BundlesDirectory, home.DatasetsDirectory, home.SubmittedDirectory, home.LogsDirectory })
        {
            if (!Directory.Exists(folder)) continue;
            var real = RealPath.Of(folder);
            if (RealPath.IsWithin(real, realKeys) || RealPath.IsWithin(realKeys, real))
            {
                throw new InputException($"{folder}: leads into or holds the keys folder {keys}; keep keys/ apart from every other folder of the home");
            }
        }
    }

    public static byte[] Read(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new InputException(new LocalMessage("error.keys.missing", ("path", path)));

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
