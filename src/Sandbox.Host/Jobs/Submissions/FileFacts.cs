using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sandbox.Host.Jobs.Submissions;

/// <summary>
/// What the kernel says about one file, never following a symbolic link: its type, link count, size and identity.
/// .NET exposes neither the link count nor the identity of a file, and both are what confinement needs (a hard link
/// is a second name for a file that may live anywhere; an identity check catches a path swapped between a check and
/// an open). Read with <c>statx(2)</c>, whose structure is the same on every Linux architecture.
/// </summary>
internal readonly record struct FileFacts(FileFacts.Kind Type, uint Links, long Size, ulong Device, ulong Inode)
{
    /// <summary>The file types a job folder may meet.</summary>
    public enum Kind
    {
        RegularFile,
        Directory,
        SymbolicLink,
        Other,
    }

    /// <summary>The facts of <paramref name="path"/> itself (a symbolic link is reported as one, not followed).</summary>
    /// <exception cref="IOException">The file cannot be examined (it vanished, or a folder on the way is not readable).</exception>
    public static FileFacts Of(string path)
    {
        if (Native.statx(AtCurrentDirectory, path, AtSymlinkNoFollow, BasicStats, out var buffer) != 0)
        {
            throw new IOException($"{path}: cannot be examined (errno {Marshal.GetLastPInvokeError()})");
        }
        return From(buffer);
    }

    /// <summary>The facts of the file open as <paramref name="handle"/>: what was really opened.</summary>
    public static FileFacts Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Native.statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, BasicStats, out var buffer) != 0)
            {
                throw new IOException($"an open file cannot be examined (errno {Marshal.GetLastPInvokeError()})");
            }
            return From(buffer);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>True when both name the same file.</summary>
    public bool SameFileAs(FileFacts other) => Device == other.Device && Inode == other.Inode;

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint BasicStats = 0x7ff;

    private static FileFacts From(in Statx buffer)
    {
        var type = (buffer.Mode & 0xF000) switch
        {
            0x8000 => Kind.RegularFile,
            0x4000 => Kind.Directory,
            0xA000 => Kind.SymbolicLink,
            _ => Kind.Other, // a device, FIFO or socket
        };
        return new FileFacts(type, buffer.Links, (long)buffer.Size, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode);
    }

    /// <summary><c>struct statx</c> from <c>linux/stat.h</c>: 256 bytes, the fields read here at their fixed offsets.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(16)] public uint Links;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    private static class Native
    {
#pragma warning disable SYSLIB1054 // DllImport: LibraryImport would need unsafe code in this project for one call
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, string pathname, int flags, uint mask, out Statx buffer);
#pragma warning restore SYSLIB1054
    }
}
