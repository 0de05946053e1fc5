namespace Sandbox.Host.Staging;

/// <summary>A job's staged data: <c>sandbox.duckdb</c>, plus one Parquet and one Arrow IPC file per table unless staged for the inprocess backend.</summary>
public sealed record Workspace(string Directory, string Database, IReadOnlyList<string> Tables)
{
    /// <summary>
    /// The subject column of each staged table (table → column) whose subject is in the workspace and not redacted:
    /// what the runner needs to write the export gate's evidence beside SQL outputs.
    /// </summary>
    public IReadOnlyDictionary<string, string> Subjects { get; init; } = new Dictionary<string, string>();

    /// <summary>Removes the workspace; safe to call twice.</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
