namespace Sandbox.Host.Staging;

/// <summary>
/// A folder for what a job's own DuckDB writes (its spill files, or a file database it reads), under a name that tells
/// nothing about the server: a fresh <c>sandbox-XXXXXX</c> in the system's temporary folder (<c>$TMPDIR</c>), mode 0700.
/// A job can read its settings (<c>current_setting('temp_directory')</c>, <c>duckdb_settings()</c>,
/// <c>duckdb_databases()</c>), and DuckDB resolves links before it lists a path, so the folder itself must live
/// outside the home rather than merely be named so. It holds masked values only, and goes with the workspace.
/// </summary>
internal static class ScratchFolder
{
    /// <summary>Creates a new, empty scratch folder (owner only) and returns its path.</summary>
    public static string Create() => Directory.CreateTempSubdirectory("sandbox-").FullName;

    /// <summary>Removes the folder and what is in it; safe to call twice or with null. A link is removed, never followed.</summary>
    public static void Remove(string? folder)
    {
        if (folder is null) return;
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null) info.Delete();
        else if (info.Exists) info.Delete(recursive: true);
    }
}
