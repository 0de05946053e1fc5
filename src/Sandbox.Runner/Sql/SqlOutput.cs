namespace Sandbox.Runner.Sql;

/// <summary>One result file a SQL job wrote.</summary>
public sealed record SqlOutput(string Name, string Path, long Rows, long Bytes);
