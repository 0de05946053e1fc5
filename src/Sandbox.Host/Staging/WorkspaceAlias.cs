using System.Security.Cryptography;

namespace Sandbox.Host.Staging;

/// <summary>
/// A name for a workspace folder that tells nothing about the server: a symbolic link with a random name in the
/// system's temporary folder. A job's DuckDB is given this name (its spill directory, its database file), so
/// <c>current_setting('temp_directory')</c> or <c>duckdb_databases()</c> shows no home path; the data stays on the
/// home's disk, where the link points.
/// </summary>
internal static class WorkspaceAlias
{
    /// <summary>Creates a new alias of the existing <paramref name="directory"/> and returns its path.</summary>
    /// <exception cref="IOException">The link could not be created.</exception>
    public static string Create(string directory)
    {
        var alias = Path.Combine(Path.GetTempPath(), "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        File.CreateSymbolicLink(alias, Path.GetFullPath(directory)); // fails if the name exists: never follows someone else's
        return alias;
    }

    /// <summary>Removes the alias (the link only, never what it points to); safe to call twice or with null.</summary>
    public static void Remove(string? alias)
    {
        if (alias is not null && new FileInfo(alias).LinkTarget is not null) File.Delete(alias);
    }
}
