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

    public static byte[] Read(string path) =>
        File.Exists(path) ? File.ReadAllBytes(path) : throw new InputException($"{path}: key file missing (run `sandbox init`)");
}
