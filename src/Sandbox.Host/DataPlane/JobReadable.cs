using System.Runtime.InteropServices;
using Sandbox.Host.Backends.Docker;

namespace Sandbox.Host.DataPlane;

/// <summary>
/// Materialized files as a container job reads them: a hard link in the job's folder (no copy), readable by the job's
/// user through its group (<see cref="JobContainerBuilder.User"/> owns nothing, and no other account on the host gains
/// anything), never writable.
/// </summary>
internal static class JobReadable
{
    private const int JobGroup = 65534;

    /// <summary>Links <paramref name="source"/> as <paramref name="link"/> (a copy only where the filesystem takes no link), readable by the job's group.</summary>
    public static void Link(string source, string link)
    {
        if (!HardLink.TryCreate(source, link)) File.Copy(source, link);
        Share(link, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    /// <summary>Opens the job's folder to its group: list and traverse, never write.</summary>
    public static void Folder(string directory) =>
        Share(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

    // The group first, then the mode: the file is never readable by a group it does not belong to. A host that may
    // not change groups (not root) falls back to world-readable bits, as the per-job copies had.
    private static void Share(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        if (NativeMethods.chown(path, -1, JobGroup) != 0)
        {
            mode |= (mode & UnixFileMode.GroupRead) != 0 ? UnixFileMode.OtherRead : 0;
            mode |= (mode & UnixFileMode.GroupExecute) != 0 ? UnixFileMode.OtherExecute : 0;
        }
        File.SetUnixFileMode(path, mode);
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054 // one call, no unsafe code needed for the generated form's string marshalling
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        internal static extern int chown(string path, int owner, int group);
#pragma warning restore SYSLIB1054
    }
}
