using System.Text.Json;
using Sandbox.Contracts;
using Sandbox.Contracts.Runner;
using Sandbox.Runner.Sql;

// sandbox-runner: runs one SQL job inside whatever isolation it is given (a container, or a test).
// Usage: sandbox-runner sql WORKSPACE_DB JOB_JSON OUT_DIR
//   JOB_JSON: a RunnerJob (Sandbox.Contracts.Runner); when it names subjects, each output also gets
//             <name>.evidence.json beside it, the export gate's evidence; it stays in the domain.
//   Prints a RunnerReport as its last stdout line.
if (args.Length != 4 || args[0] != "sql")
{
    Console.Error.WriteLine("usage: sandbox-runner sql WORKSPACE_DB JOB_JSON OUT_DIR");
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
if (job is null || job.Queries.Count == 0)
{
    Console.Error.WriteLine($"{args[2]}: queries: at least one query is required");
    return 2;
}

var limits = new SqlJobLimits(TimeSpan.FromSeconds(job.TimeoutSeconds), job.MemoryBytes, job.Threads, job.OutputBytes);
var subjects = job.Subjects is null ? null : new Dictionary<string, string>(job.Subjects, StringComparer.OrdinalIgnoreCase);
var result = SqlJobExecutor.Run(args[1], [.. job.Queries.Select(q => (q.Name, q.Sql))], args[3], limits, CancellationToken.None, subjects);
var outcome = result.Outcome switch
{
    SqlJobOutcome.Succeeded => RunnerOutcome.Succeeded,
    SqlJobOutcome.Killed => RunnerOutcome.Killed,
    SqlJobOutcome.Cancelled => RunnerOutcome.Cancelled,
    _ => RunnerOutcome.Failed,
};
Console.Out.WriteLine(new RunnerReport(outcome, result.Reason, [.. result.Outputs.Select(o => new RunnerOutput(o.Name, o.Rows))]).ToLine());
return result.Outcome == SqlJobOutcome.Succeeded ? 0 : 1;
