using System.Runtime.InteropServices;

namespace Sandbox.Host.Home;

/// <summary>A path with every symbolic link on the way resolved (<c>realpath(3)</c>): where a folder really is.</summary>
internal static class RealPath
{
    /// <summary>The real path of the existing <paramref name="path"/>.</summary>
    /// <exception cref="IOException">It does not exist or cannot be resolved.</exception>
    public static string Of(string path)
    {
        var resolved = Native.realpath(Path.GetFullPath(path), IntPtr.Zero);
        if (resolved == IntPtr.Zero) throw new IOException($"{path}: cannot be resolved (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            Native.free(resolved);
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or lies inside it (both real, absolute).</summary>
    public static bool IsWithin(string path, string folder) =>
        path == folder || path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + "/", StringComparison.Ordinal);

    private static class Native
    {
#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe code in this project for two calls
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern IntPtr realpath(string path, IntPtr resolved);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054
    }
}
