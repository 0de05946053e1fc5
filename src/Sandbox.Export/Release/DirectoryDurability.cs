using System.Runtime.InteropServices;

namespace Sandbox.Export.Release;

/// <summary>
/// Makes a folder's entries durable: on Linux a rename, or a file created in it, is only on disk once the folder
/// itself is fsync'ed (flushing the files alone does not write the folder's entries). Elsewhere a no-op.
/// </summary>
internal static class DirectoryDurability
{
    // O_RDONLY | O_DIRECTORY (Linux).
    private const int OpenDirectory = 0x10000;

    /// <summary>fsyncs <paramref name="directory"/>; an <see cref="IOException"/> when it cannot.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Native.open(directory, OpenDirectory);
        if (fd < 0) throw new IOException($"{directory}: cannot open the folder to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Native.fsync(fd) != 0) throw new IOException($"{directory}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    private static class Native
    {
#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe code in this project for three calls
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open(string path, int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int fd);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
#pragma warning restore SYSLIB1054
    }
}
