namespace Sandbox.Host.Staging;

/// <summary>A job's staged data: <c>sandbox.duckdb</c> plus one Parquet file per table.</summary>
public sealed record Workspace(string Directory, string Database, IReadOnlyList<string> Tables)
{
    /// <summary>Removes the workspace; safe to call twice.</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
