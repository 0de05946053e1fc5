using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Ml;
using Sandbox.Runner.Sql;

// sandbox-runner: runs one SQL or ML job inside whatever isolation it is given (a container, or a test).
// Usage: sandbox-runner sql|ml WORKSPACE JOB_JSON OUT_DIR
//   WORKSPACE: one database file, or a folder (a container's /data) holding <table>.parquet for each of the RunnerJob's
//              Tables, each read in place through a view (LockedWorkspace.OpenTables)
//   JOB_JSON: a RunnerJob (Sandbox.Contracts.Runner); when it names subjects, each output also gets
//             <name>.evidence.json beside it, the export gate's evidence; it stays in the domain.
//   ml: the same limits and subjects, and the RunnerJob's Ml; writes model.zip, metrics.json, model-card.md and
//       model.zip.evidence.json; or, when Ml.Predict names a released model (beside JOB_JSON), predictions.csv and
//       its evidence
//   Prints a RunnerReport as its last stdout line.
//        sandbox-runner csv FILE.parquet   (the rows of one Parquet file as CSV on stdout, for pandas in the python image)
if (args.Length == 2 && args[0] == "csv")
{
    try
    {
        using var stdout = Console.OpenStandardOutput();
        ParquetCsv.Write(args[1], stdout, CancellationToken.None);
        return 0;
    }
    catch (DuckDB.NET.Data.DuckDBException ex)
    {
        Console.Error.WriteLine($"{args[1]}: {QueryErrors.Describe(ex)}");
        return 1;
    }
}
if (args.Length != 4 || args[0] is not ("sql" or "ml"))
{
    Console.Error.WriteLine("usage: sandbox-runner sql|ml WORKSPACE JOB_JSON OUT_DIR | sandbox-runner csv FILE.parquet");
    return 2;
}

RunnerJob? job;
try
{
    job = JsonSerializer.Deserialize(File.ReadAllText(args[2]), ContractJson.Default.RunnerJob);
}
catch (Exception ex) when (ex is JsonException or IOException)
{
    Console.Error.WriteLine($"{args[2]}: {ex.Message}");
    return 2;
}
if (job is null || (args[0] == "sql" && job.Queries.Count == 0) || (args[0] == "ml" && job.Ml is null))
{
    Console.Error.WriteLine(args[0] == "sql" ? $"{args[2]}: queries: at least one query is required" : $"{args[2]}: ml: the training job is required");
    return 2;
}

var limits = new SqlJobLimits(TimeSpan.FromSeconds(job.TimeoutSeconds), job.MemoryBytes, job.Threads, job.OutputBytes);
var subjects = job.Subjects is null ? null : new Dictionary<string, string>(job.Subjects, StringComparer.OrdinalIgnoreCase);
var unique = job.UniqueSubjects is null ? null : new HashSet<string>(job.UniqueSubjects, StringComparer.OrdinalIgnoreCase);
if (Directory.Exists(args[1]) && (job.Tables is null || job.Tables.Count == 0))
{
    Console.Error.WriteLine($"{args[2]}: tables: a workspace folder needs the tables to attach");
    return 2;
}
// A folder: the job's tables, each its own Parquet file, read through views in one locked instance; a file: that database alone.
DuckDB.NET.Data.DuckDBConnection workspace;
try
{
    workspace = Directory.Exists(args[1])
        ? LockedWorkspace.OpenTables(args[1], job.Tables!, limits.MemoryBytes, limits.Threads)
        : LockedWorkspace.Open(args[1], limits.MemoryBytes, limits.Threads);
}
catch (Exception ex) when (ex is FileNotFoundException or ArgumentException)
{
    Console.Error.WriteLine(ex is FileNotFoundException ? ex.Message : $"{args[2]}: tables: {ex.Message}");
    return 2;
}
using var opened = workspace;
var result = args[0] == "ml"
    ? MlJobExecutor.Run(workspace, WithModelBeside(job.Ml!, args[2]), args[3], limits, CancellationToken.None, subjects, unique)
    : SqlJobExecutor.Run(workspace, [.. job.Queries.Select(q => (q.Name, q.Sql))], args[3], limits, CancellationToken.None, subjects, unique);
var outcome = result.Outcome switch
{
    SqlJobOutcome.Succeeded => RunnerOutcome.Succeeded,
    SqlJobOutcome.Killed => RunnerOutcome.Killed,
    SqlJobOutcome.Cancelled => RunnerOutcome.Cancelled,
    _ => RunnerOutcome.Failed,
};
// With what the runner used, for a host that runs it as a process of its own (a container's are the cgroup's).
using var self = System.Diagnostics.Process.GetCurrentProcess();
Console.Out.WriteLine(new RunnerReport(outcome, result.Reason, [.. result.Outputs.Select(o => new RunnerOutput(o.Name, o.Rows))])
{
    CpuMilliseconds = (long)self.TotalProcessorTime.TotalMilliseconds,
    PeakMemoryBytes = self.PeakWorkingSet64,
}.ToLine());
return result.Outcome == SqlJobOutcome.Succeeded ? 0 : 1;

// A scoring job's model is named relative to its job file (model.zip in /job).
static MlJob WithModelBeside(MlJob ml, string jobFile) => ml.Predict is { } p
    ? ml with { Predict = p with { Model = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jobFile))!, p.Model) } }
    : ml;
