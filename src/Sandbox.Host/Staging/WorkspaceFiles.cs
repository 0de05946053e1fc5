namespace Sandbox.Host.Staging;

/// <summary>Which copies of each staged table a workspace holds; <c>sandbox.duckdb</c> is always there.</summary>
[Flags]
public enum WorkspaceFiles
{
    /// <summary>Only the table in <c>sandbox.duckdb</c>: all the inprocess backend reads.</summary>
    Database = 0,

    /// <summary><c>&lt;table&gt;.parquet</c> beside the database.</summary>
    Parquet = 1,

    /// <summary><c>&lt;table&gt;.arrow</c> (Arrow IPC) beside the database.</summary>
    Arrow = 2,

    /// <summary>All three: what a container job may read (issue 4).</summary>
    All = Parquet | Arrow,
}
