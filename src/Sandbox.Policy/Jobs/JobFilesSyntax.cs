namespace Sandbox.Policy.Jobs;

/// <summary>
/// What <c>files:</c> in a job file may say: a folder inside the job file's own folder, named by a relative path
/// that never climbs (<c>..</c>). Whether it exists, and what it holds, is checked when it is copied.
/// </summary>
public static class JobFilesSyntax
{
    /// <summary>Longest accepted value: a folder name, not a way to smuggle data.</summary>
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="files"/> is acceptable; else why not, in words that fit after the field name.</summary>
    /// <param name="files">The value as written in the job file.</param>
    /// <returns>Null, or the problem.</returns>
    public static string? Problem(string files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Length == 0) return "expected a folder next to the job file, found an empty value";
        if (files.Length > MaxLength) return $"longer than {MaxLength} characters";
        if (files.Any(char.IsControl)) return "contains a control character";
        if (files.Contains('\\', StringComparison.Ordinal)) return $"'{files}' contains '\\'; separate folders with '/'";
        if (files[0] == '/' || files[0] == '~') return $"'{files}' is absolute; name a folder inside the job file's own folder (e.g. ./code)";
        if (files.Split('/').Contains("..")) return $"'{files}' contains '..'; name a folder inside the job file's own folder (e.g. ./code)";
        return null;
    }
}
