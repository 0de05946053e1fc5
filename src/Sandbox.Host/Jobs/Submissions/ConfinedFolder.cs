using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Jobs.Submissions;

/// <summary>
/// Copies the folder a job file names in <c>files:</c> out of the job file's own folder, and nothing from anywhere
/// else: no symbolic link anywhere on the way or inside, no hard-linked file (its other name may live anywhere), no
/// device, FIFO or socket, within the entry-count and size limits, and never a folder that overlaps the home's own
/// (keys, datasets, workspaces, outputs, bundles, logs).
/// </summary>
internal sealed class ConfinedFolder
{
    private readonly string _root;
    private readonly string _files;
    private readonly string _field;
    private readonly SubmissionLimits _limits;
    private long _bytes;
    private int _entries;

    private ConfinedFolder(string root, string files, string field, SubmissionLimits limits)
    {
        _root = root;
        _files = files;
        _field = field;
        _limits = limits;
    }

    /// <summary>The folders of a home that no job may name (nor the home itself, nor any folder holding it).</summary>
    public static IReadOnlyList<string> ProtectedFolders(SandboxHome home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return home.GuardedDirectories;
    }

    /// <summary>
    /// Copies <paramref name="files"/> (relative to <paramref name="jobFolder"/>) into the new folder
    /// <paramref name="destination"/>: folders 0700, files 0600 (0700 when executable by their owner).
    /// </summary>
    /// <param name="jobFolder">The job file's folder.</param>
    /// <param name="files">The value of <c>files:</c>.</param>
    /// <param name="destination">Where to copy to; created here.</param>
    /// <param name="limits">Entry-count and size limits.</param>
    /// <param name="home">The home whose folders must stay out of reach.</param>
    /// <param name="field">Prefix of every message, e.g. <c>jobs/a.yaml: files</c>.</param>
    /// <exception cref="InputException">The folder may not be used; the message names the field and the entry.</exception>
    public static void Copy(string jobFolder, string files, string destination, SubmissionLimits limits, SandboxHome home, string field)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(home);
        // 1. The value itself (the loader checked it too; a spec can be built by other means).
        if (JobFilesSyntax.Problem(files) is { } problem)
        {
            // The policy library's English sentence, read back by its shape in the reader's language.
            throw new InputException(new LocalMessage("error.files.syntax", ("field", field), ("problem", EnglishShapes.Read(problem) ?? (object)problem)));
        }

        // 2. Where the job file's folder really is: never inside the home's own folders.
        string root;
        try
        {
            root = RealPath.Of(jobFolder);
        }
        catch (IOException)
        {
            throw new InputException(new LocalMessage("error.files.unresolved", ("field", field), ("files", files)));
        }
        // A job sent to the API is unpacked into a folder of its own under submitted/: that folder is its job folder,
        // and its `files:` may name what is in it (never submitted/ itself nor another submission).
        var own = OwnSubmission(root, home);
        Refuse(root, files, home, field, own);

        // 3. The walk to the folder: every step a real folder, never a link.
        var source = root;
        var shown = "";
        foreach (var segment in files.Split('/').Where(s => s is not ("" or ".")))
        {
            source = Path.Combine(source, segment);
            shown = shown.Length == 0 ? segment : shown + "/" + segment;
            var facts = Examine(source, $"{field}: {files}", "error.files.missing");
            if (facts.Type == FileFacts.Kind.SymbolicLink) throw new InputException(new LocalMessage("error.files.folder-link", ("field", field), ("name", shown)));
            if (facts.Type != FileFacts.Kind.Directory) throw new InputException(new LocalMessage("error.files.not-folder", ("field", field), ("name", shown)));
        }
        Refuse(source, files, home, field, own);

        // 4. The copy, entry by entry, within the limits.
        Directory.CreateDirectory(destination);
        File.SetUnixFileMode(destination, OwnerOnly(executable: true));
        new ConfinedFolder(source, files, field, limits).CopyFolder(source, destination);
    }

    private static void Refuse(string folder, string files, SandboxHome home, string field, string? ownSubmission)
    {
        if (RealPath.IsWithin(Real(home.Root), folder)) throw new InputException(new LocalMessage("error.files.holds-home", ("field", field), ("files", files)));
        foreach (var guarded in ProtectedFolders(home).Select(Real))
        {
            if (ownSubmission is not null && RealPath.IsWithin(folder, ownSubmission)) continue;
            if (RealPath.IsWithin(folder, guarded)) throw new InputException(new LocalMessage("error.files.inside-home", ("field", field), ("files", files), ("folder", Path.GetFileName(guarded))));
        }
    }

    // The submission folder (submitted/<id>, real path) holding the job file's folder, or null when it is elsewhere.
    private static string? OwnSubmission(string jobFolder, SandboxHome home)
    {
        var submitted = Real(home.SubmittedDirectory);
        if (jobFolder == submitted || !RealPath.IsWithin(jobFolder, submitted)) return null;
        return Path.Combine(submitted, Path.GetRelativePath(submitted, jobFolder).Split('/')[0]);
    }

    // A folder that does not exist yet cannot be reached through a link either: compare its full path as it stands.
    private static string Real(string path) => Directory.Exists(path) ? RealPath.Of(path) : Path.GetFullPath(path);

    private void CopyFolder(string from, string to)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(from).Order(StringComparer.Ordinal))
        {
            var name = Path.Combine(_files, Path.GetRelativePath(_root, path));
            var shown = $"{_field}: {name}";
            if (++_entries > _limits.MaxEntries) throw new InputException(new LocalMessage("error.files.too-many", ("field", _field), ("max", _limits.MaxEntries), ("name", name)));
            var facts = Examine(path, shown, "error.files.vanished");
            var target = Path.Combine(to, Path.GetFileName(path));
            switch (facts.Type)
            {
                case FileFacts.Kind.SymbolicLink:
                    throw new InputException(new LocalMessage("error.files.link", ("name", shown)));
                case FileFacts.Kind.Other:
                    throw new InputException(new LocalMessage("error.files.device", ("name", shown)));
                case FileFacts.Kind.Directory:
                    Directory.CreateDirectory(target);
                    File.SetUnixFileMode(target, OwnerOnly(executable: true));
                    CopyFolder(path, target);
                    break;
                default:
                    if (facts.Links > 1) throw new InputException(new LocalMessage("error.files.hard-link", ("name", shown), ("links", facts.Links)));
                    _bytes += facts.Size;
                    if (_bytes > _limits.MaxBytes) throw new InputException(new LocalMessage("error.files.too-large", ("field", _field), ("max", SubmissionLimits.Describe(_limits.MaxBytes)), ("name", name)));
                    CopyFile(path, target, facts, shown);
                    break;
            }
        }
    }

    private void CopyFile(string path, string target, FileFacts expected, string shown)
    {
        using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        // What was opened must be what was examined, and still inside the folder: a path swapped for a link between
        // the check and the open would otherwise be followed.
        var opened = FileFacts.Of(source.SafeFileHandle);
        var where = new FileInfo($"/proc/self/fd/{source.SafeFileHandle.DangerousGetHandle()}").LinkTarget;
        if (!opened.SameFileAs(expected) || opened.Type != FileFacts.Kind.RegularFile || opened.Links > 1
            || where is null || !RealPath.IsWithin(where, _root))
        {
            throw new InputException(new LocalMessage("error.files.changed", ("name", shown)));
        }
        var executable = (File.GetUnixFileMode(source.SafeFileHandle) & UnixFileMode.UserExecute) != 0;
        using var copy = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly(executable) });
        // The file may grow after it was measured: copy no more than was counted.
        var buffer = new byte[81920];
        var left = expected.Size;
        int read;
        while ((read = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left + 1))) > 0)
        {
            left -= read;
            if (left < 0) throw new InputException(new LocalMessage("error.files.changed", ("name", shown)));
            copy.Write(buffer, 0, read);
        }
    }

    private static FileFacts Examine(string path, string shown, string missing)
    {
        try
        {
            return FileFacts.Of(path);
        }
        catch (IOException)
        {
            throw new InputException(new LocalMessage(missing, ("name", shown)));
        }
    }

    private static UnixFileMode OwnerOnly(bool executable) =>
        UnixFileMode.UserRead | UnixFileMode.UserWrite | (executable ? UnixFileMode.UserExecute : UnixFileMode.None);
}
