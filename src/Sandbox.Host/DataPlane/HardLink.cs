using System.Runtime.InteropServices;

namespace Sandbox.Host.DataPlane;

/// <summary>A hard link: a second name for the same file, so a job reads the materialization in place under a path of its own.</summary>
internal static class HardLink
{
    /// <summary>True when <paramref name="link"/> now names <paramref name="source"/>'s file; false when the filesystem cannot (another device).</summary>
    public static bool TryCreate(string source, string link) => !OperatingSystem.IsWindows() && NativeMethods.link(source, link) == 0;

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // one call, no unsafe code needed for the generated form's string marshalling
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        internal static extern int link(string oldpath, string newpath);
#pragma warning restore SYSLIB1054
    }
}
