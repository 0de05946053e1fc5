namespace Sandbox.Contracts.Runner;

/// <summary>One named query of a SQL job, as the runner receives it.</summary>
/// <param name="Name">The output's name (<c>[A-Za-z0-9_-]</c>); the runner writes <c>NAME.csv</c>.</param>
/// <param name="Sql">The admitted SELECT.</param>
public sealed record RunnerQuery(string Name, string Sql);

/// <summary>
/// The runner's job file (<c>/job/job.json</c> in a container): what to run and within which limits. Written by the
/// host, read by <c>sandbox-runner</c>; both go through <see cref="ContractJson"/>.
/// </summary>
/// <param name="Queries">The queries, in order; at least one.</param>
/// <param name="TimeoutSeconds">The runner's own deadline (the host kills the container a little later).</param>
/// <param name="MemoryBytes">DuckDB's memory limit, below the container's.</param>
/// <param name="Threads">DuckDB's threads.</param>
/// <param name="OutputBytes">The most all outputs together may hold.</param>
/// <param name="Subjects">For each table, its subject column: when present, each output gets its evidence beside it.</param>
/// <param name="Ml">For an ml job: what to train (the runner's <c>ml</c> verb reads it and ignores the queries).</param>
/// <param name="UniqueSubjects">
/// The tables whose masked subject column holds each subject once (the materializer measured it): a single-table
/// statement over one of them is evidenced row by row instead of grouped by subject.
/// </param>
/// <param name="Tables">
/// The tables the job reads when the runner is given a folder rather than one database file (a container's
/// <c>/data</c>): each <c>&lt;table&gt;.duckdb</c> there, the table's own database, is attached read-only and the job
/// names its tables as always; no other file is readable. Null with a database file.
/// </param>
public sealed record RunnerJob(
    IReadOnlyList<RunnerQuery> Queries,
    double TimeoutSeconds = 60,
    long MemoryBytes = 512L << 20,
    int Threads = 1,
    long OutputBytes = 64L << 20,
    IReadOnlyDictionary<string, string>? Subjects = null,
    MlJob? Ml = null,
    IReadOnlyList<string>? UniqueSubjects = null,
    IReadOnlyList<string>? Tables = null);
