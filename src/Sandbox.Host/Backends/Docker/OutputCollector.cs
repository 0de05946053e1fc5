using System.Formats.Tar;

namespace Sandbox.Host.Backends.Docker;

/// <summary>
/// Turns the tar of a container's <c>/out</c> into files in the job's output directory. Only regular files and
/// folders leave: a symbolic link, hard link, device or FIFO fails the whole collection (nothing is followed, ever),
/// and so does a name that would land outside the output directory, or anything but padding after the archive's end
/// (the supervisor's tar is the last thing on its stream: more means something else wrote there).
/// </summary>
internal static class OutputCollector
{
    /// <summary>The outcome: the files written (relative paths and sizes), or why nothing was collected.</summary>
    public sealed record Collected(IReadOnlyList<(string Name, string Path, long Bytes)> Files, string? Refusal);

    public static async Task<Collected> ExtractAsync(Stream tar, string outputDirectory, long maxBytes, int maxFiles, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(outputDirectory);
        var root = Path.GetFullPath(outputDirectory) + Path.DirectorySeparatorChar;
        var files = new List<(string, string, long)>();
        long total = 0;
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
            name = name.TrimEnd('/');
            if (name.Length == 0 || name == ".") continue;
            var shown = "/out/" + name;
            if (entry.EntryType is TarEntryType.SymbolicLink) return Refuse(outputDirectory, $"{shown} is a symbolic link (to {entry.LinkName}): only regular files leave /out");
            if (entry.EntryType is TarEntryType.HardLink) return Refuse(outputDirectory, $"{shown} is a hard link (to /out/{entry.LinkName.TrimStart('.', '/')}): only regular files leave /out");
            var target = Path.GetFullPath(Path.Combine(outputDirectory, name));
            if (Path.IsPathRooted(name) || !target.StartsWith(root, StringComparison.Ordinal) || name.Split('/').Contains(".."))
            {
                return Refuse(outputDirectory, $"{shown}: the name leads outside /out");
            }
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    continue;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    break;
                default:
                    return Refuse(outputDirectory, $"{shown} is a {entry.EntryType} entry: only regular files leave /out");
            }
            total += entry.Length;
            if (files.Count >= maxFiles) return Refuse(outputDirectory, $"/out holds more than {maxFiles} files");
            if (total > maxBytes) return Refuse(outputDirectory, $"/out holds more than its limit of {maxBytes} bytes");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // CreateNew: an entry twice in the tar is a trick, not an output.
            await using (var file = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ModeOf(name) }))
            {
                if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
            files.Add((name, target, entry.Length));
        }
        if (!await OnlyPaddingLeftAsync(tar, cancellationToken).ConfigureAwait(false)) return Refuse(outputDirectory, "/out's archive is followed by other data");
        return new Collected(files, null);
    }

    // Evidence (single-subject values for the export gate) is the host's alone; outputs keep the usual mode.
    private static UnixFileMode ModeOf(string name) => name.EndsWith(Exports.ExportChecks.EvidenceSuffix, StringComparison.Ordinal)
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite
        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static async Task<bool> OnlyPaddingLeftAsync(Stream tar, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0)) return false;
        }
        return true;
    }

    private static Collected Refuse(string outputDirectory, string reason)
    {
        // All or nothing: a job that tried to smuggle a link out gets no outputs at all.
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        return new Collected([], reason + "; no outputs were collected");
    }
}
