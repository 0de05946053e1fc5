using System.Formats.Tar;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Jobs.Submissions;

/// <summary>
/// Unpacks a job submitted with its files (a POSIX tar: <c>job.yaml</c> and the folder its <c>files:</c> names) into
/// a fresh job folder. Only regular files and folders are accepted, under plain relative names, within the limits: a
/// link of either kind, a device, a FIFO, an absolute name or one with <c>..</c> refuses the whole archive, and
/// nothing of it is kept.
/// </summary>
public static class SubmissionArchive
{
    /// <summary>Longest accepted entry name, and longest name of any one folder or file in it.</summary>
    private const int MaxNameLength = 1024, MaxSegmentLength = 255;

    /// <summary>Zero padding accepted after the archive's end; anything else there refuses it.</summary>
    private const int MaxPadding = 1 << 20;

    /// <summary>
    /// Unpacks <paramref name="tar"/> into <paramref name="directory"/>, which must not exist yet or be empty: folders
    /// 0700, files 0600 (0700 when the archive marks them executable by their owner). The tar's owners, times and other
    /// modes are ignored.
    /// </summary>
    /// <param name="tar">The archive, read once from where it stands (need not be seekable).</param>
    /// <param name="directory">The job folder to create and fill.</param>
    /// <param name="limits">The most bytes and entries; <see cref="SubmissionLimits.Default"/> when null.</param>
    /// <param name="label">How messages name the archive, e.g. <c>request body</c> or the file it came from.</param>
    /// <param name="cancellationToken">Stops the unpacking; what was unpacked is removed.</param>
    /// <returns>The relative names of the files unpacked (folders not listed), in archive order, with '/' separators.</returns>
    /// <exception cref="InputException">The archive is refused; one line naming the entry. Nothing is left in <paramref name="directory"/>.</exception>
    public static async Task<IReadOnlyList<string>> UnpackAsync(Stream tar, string directory, SubmissionLimits? limits = null,
        string label = "submission", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tar);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        limits ??= SubmissionLimits.Default;
        var root = Path.GetFullPath(directory);
        Prepare(root);
        try
        {
            return await UnpackIntoAsync(tar, root, limits, label, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InputException or OperationCanceledException)
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            // The reader's own word for a damaged or non-tar stream.
            Directory.Delete(root, recursive: true);
            throw new InputException(new LocalMessage("error.tar.unreadable", ("label", label), ("detail", ex.Message.Split('\n')[0])), ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static void Prepare(string root)
    {
        if (Directory.Exists(root) || File.Exists(root))
        {
            var facts = FileFacts.Of(root);
            if (facts.Type != FileFacts.Kind.Directory || Directory.EnumerateFileSystemEntries(root).Any())
            {
                throw new IOException($"{root}: a job folder must be new or empty");
            }
        }
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, Folder);
    }

    private static async Task<IReadOnlyList<string>> UnpackIntoAsync(Stream tar, string root, SubmissionLimits limits, string label, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var entries = 0;
        long total = 0;
        await using (var reader = new TarReader(tar, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                // A pax global header describes the archive (git archive writes one), not a file.
                if (entry.EntryType == TarEntryType.GlobalExtendedAttributes) continue;
                var name = Name(entry.Name, label);
                if (name is null) continue; // the archive's own root, "./"
                var shown = $"{label}: {name}";
                if (++entries > limits.MaxEntries) throw new InputException(new LocalMessage("error.tar.entries", ("label", label), ("max", limits.MaxEntries), ("name", name)));
                var target = Path.Combine(root, name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        CreateFolders(root, name, shown, includingLast: true);
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        break;
                    case TarEntryType.SymbolicLink:
                        throw new InputException(new LocalMessage("error.tar.symlink", ("name", shown), ("target", Printable(entry.LinkName))));
                    case TarEntryType.HardLink:
                        throw new InputException(new LocalMessage("error.tar.hardlink", ("name", shown), ("target", Printable(entry.LinkName))));
                    case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                        throw new InputException(new LocalMessage("error.tar.device", ("name", shown)));
                    default:
                        throw new InputException(new LocalMessage("error.tar.other-entry", ("name", shown), ("type", entry.EntryType)));
                }
                total += entry.Length;
                if (total > limits.MaxBytes) throw new InputException(new LocalMessage("error.tar.too-large", ("label", label), ("max", SubmissionLimits.Describe(limits.MaxBytes)), ("name", name)));
                CreateFolders(root, name, shown, includingLast: false);
                await WriteAsync(entry, target, shown, cancellationToken).ConfigureAwait(false);
                files.Add(name);
            }
        }
        await EnsureOnlyPaddingAsync(tar, label, cancellationToken).ConfigureAwait(false);
        return files;
    }

    // The entry's name as a plain relative path, or null for the archive's root; refuses anything else.
    private static string? Name(string raw, string label)
    {
        var name = raw;
        while (name.StartsWith("./", StringComparison.Ordinal)) name = name[2..];
        name = name.TrimEnd('/');
        if (name is "" or ".") return null;
        var shown = name.Length > 80 ? name[..80] + "…" : name;
        if (name.Any(char.IsControl)) return Refuse("error.tar.control");
        if (name.Length > MaxNameLength) return Refuse("error.tar.name-long", MaxNameLength);
        if (name[0] == '/') return Refuse("error.tar.absolute");
        if (name.Contains('\\', StringComparison.Ordinal)) return Refuse("error.tar.backslash");
        foreach (var segment in name.Split('/'))
        {
            if (segment == "..") return Refuse("error.tar.climbs");
            if (segment is "" or ".") return Refuse("error.tar.not-plain");
            if (segment.Length > MaxSegmentLength) return Refuse("error.tar.segment-long", MaxSegmentLength);
        }
        return name;

        string Refuse(string id, int? max = null) => throw new InputException(new LocalMessage(id, ("label", label), ("name", Printable(shown)), ("max", max)));
    }

    private static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    // Folders are made one step at a time, each checked to be a folder this unpacking made (a file of that name refuses).
    private static void CreateFolders(string root, string name, string shown, bool includingLast)
    {
        var segments = name.Split('/');
        var path = root;
        for (var i = 0; i < segments.Length - (includingLast ? 0 : 1); i++)
        {
            path = Path.Combine(path, segments[i]);
            if (File.Exists(path)) throw new InputException(new LocalMessage("error.tar.file-and-folder", ("name", shown), ("prefix", string.Join('/', segments[..(i + 1)]))));
            if (Directory.Exists(path)) continue;
            Directory.CreateDirectory(path);
            File.SetUnixFileMode(path, Folder);
        }
    }

    private static async Task WriteAsync(TarEntry entry, string target, string shown, CancellationToken cancellationToken)
    {
        if (Directory.Exists(target)) throw new InputException(new LocalMessage("error.tar.folder-and-file", ("name", shown)));
        var mode = (entry.Mode & UnixFileMode.UserExecute) != 0 ? Folder : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        FileStream file;
        try
        {
            file = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
        }
        catch (IOException) when (File.Exists(target))
        {
            // An entry twice is a trick (the second would replace what was checked as the first), not a submission.
            throw new InputException(new LocalMessage("error.tar.twice", ("name", shown)));
        }
        await using (file.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureOnlyPaddingAsync(Stream tar, string label, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        long seen = 0;
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            seen += read;
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0) || seen > MaxPadding)
            {
                throw new InputException(new LocalMessage("error.tar.trailing", ("label", label)));
            }
        }
    }

    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
}
