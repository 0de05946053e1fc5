using Sandbox.Host.Backends;
using Sandbox.Host.Datasets;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Dummy;

/// <summary>
/// <c>sandbox job run --dummy DIR JOB.yaml</c>: the job file, unchanged, on a dummy workspace, outside any grant and
/// any home — nothing is recorded anywhere, so no job, alert or audit entry. It is decided as the grant decides it (the
/// same AST gate, column rules and consent rule over the grant's rules that <c>dummy.json</c> carries, with the same
/// messages), then run as the inprocess backend runs a job: a fresh in-memory DuckDB holding only the tables the queries
/// read, locked before the first query, with the job's limits. What it cannot know offline, it does not decide: the
/// grant's state and period, and the operator's training, are decided when the job runs in the sandbox.
/// </summary>
internal static class DummyRun
{
    /// <summary>The decision, and when admitted, the run and the folder of its outputs.</summary>
    public sealed record Outcome(DummyManifest Manifest, Decision Decision, SqlJobResult? Result, string? OutputDirectory);

    public static Outcome Run(string directory, string jobPath, string? outDirectory, SandboxHome? home, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        // Dummy workspaces live outside the home, and their tables are files of their own: a link could name the
        // grant's masked files, which only the sandbox reads.
        if (home is not null && DummyGenerator.Inside(directory, home.Root)) throw new InputException(new LocalMessage("cli.dummy.in-home", ("path", directory)));
        var manifest = DummyManifest.Read(directory);
        foreach (var table in manifest.Tables)
        {
            var file = new FileInfo(Path.Combine(directory, table.Name + ".parquet"));
            if (file.LinkTarget is not null) throw new InputException(new LocalMessage("cli.dummy.link", ("path", file.FullName)));
        }
        var (spec, statements) = JobService.Load(jobPath);
        if (!string.Equals(spec.Grant, manifest.Grant, StringComparison.Ordinal))
        {
            throw new InputException(new LocalMessage("cli.dummy.other-grant", ("path", jobPath), ("grant", spec.Grant), ("directory", directory), ("workspace", manifest.Grant)));
        }
        if (spec.Kind is not (JobKinds.Sql or JobKinds.Ml))
        {
            throw new InputException(new LocalMessage("cli.dummy.kind", ("path", jobPath), ("kind", spec.Kind), ("directory", directory)));
        }

        // 1. The grant's decision on the file, from the grant's rules as dummy.json carries them.
        var decision = spec.Kind == JobKinds.Ml && spec.Ml is null ? Decision.Deny("an ml job needs task, query, label, features and trainer")
            : spec.Ml?.Predict is not null ? Decision.Deny(new LocalMessage("admission.dummy-predict").ToString())
            : SqlJobAuthorizer.Authorize(manifest.ToGrant(), GrantState.Active, manifest.PeriodFrom, statements, new DummyCatalog(manifest));
        if (!decision.Allowed) return new Outcome(manifest, decision, null, null);

        // 2. Only the tables the queries read, as the sandbox stages them.
        var read = statements.SelectMany(s => s.Statement.Tables).Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(name => manifest.Tables.First(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
        var output = Output(directory, outDirectory);
        var limits = InProcessBackend.Limits(spec);
        var spill = ScratchFolder.Create();
        try
        {
            var subjects = read.Where(t => t.Subject is not null).ToDictionary(t => t.Name, t => t.Subject!, StringComparer.OrdinalIgnoreCase);
            var unique = read.Where(t => t.UniqueSubject).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            SqlJobResult result;
            if (spec.Ml is not null)
            {
                // 3. An ml job runs as the sandbox runs it: in the runner's own process, each table its own Parquet file.
                result = RunMl(directory, spill, read, spec, output, subjects, unique, cancellationToken);
            }
            else
            {
                using var connection = LockedWorkspace.OpenInMemory(limits.MemoryBytes, limits.Threads, spill, Staging.JobDatabaseOpening.SpillBytes);
                foreach (var table in read)
                {
                    Sql.Execute(connection, $"CREATE TABLE {Sql.Identifier(table.Name)} AS SELECT * FROM read_parquet({Sql.Literal(ParquetOf(directory, table))})");
                }
                // 3. Locked before the job's first query, as every job's database is.
                LockedWorkspace.Lock(connection);
                result = SqlJobExecutor.Run(connection, [.. spec.Queries.Select(q => (q.Name, q.Sql))], output, limits, cancellationToken, subjects, unique);
            }
            // The statement in both languages; the lines about this run in the reader's.
            File.WriteAllText(Path.Combine(output, "DUMMY.txt"), string.Join('\n', DummyManifest.DummyStatement,
                Messages.Get("cli.dummy.info-job", ("path", Path.GetFullPath(jobPath))), Messages.Get("cli.dummy.info-grant", ("grant", manifest.Grant))) + "\n");
            return new Outcome(manifest, decision, result, output);
        }
        finally
        {
            ScratchFolder.Remove(spill);
        }
    }

    // The runner's folder in the scratch folder (each table's Parquet file, as a grant's are linked for it) and its job
    // file; its logs stay there and go with it. The host's result, as the runner's outcome.
    private static SqlJobResult RunMl(string directory, string scratch, List<DummyTable> read, JobSpec spec, string output,
        Dictionary<string, string> subjects, HashSet<string> unique, CancellationToken cancellationToken)
    {
        var tables = Directory.CreateDirectory(Path.Combine(scratch, "tables")).FullName;
        foreach (var table in read) File.Copy(ParquetOf(directory, table), Path.Combine(tables, table.Name + ".parquet"));
        var jobFile = Path.Combine(scratch, "job.json");
        File.WriteAllText(jobFile, System.Text.Json.JsonSerializer.Serialize(
            Backends.Docker.JobFiles.RunnerJobOf(spec, subjects, unique, read.Select(t => t.Name), model: null), Sandbox.Contracts.ContractJson.Default.RunnerJob));
        var ran = RunnerProcess.RunAsync(spec.Kind, tables, jobFile, output, Path.Combine(scratch, "logs"), spec.Limits.Timeout, cancellationToken).GetAwaiter().GetResult();
        var outcome = ran.State switch
        {
            Sandbox.Contracts.Jobs.JobState.Succeeded => SqlJobOutcome.Succeeded,
            Sandbox.Contracts.Jobs.JobState.Killed => SqlJobOutcome.Killed,
            Sandbox.Contracts.Jobs.JobState.Cancelled => SqlJobOutcome.Cancelled,
            _ => SqlJobOutcome.Failed,
        };
        return new SqlJobResult(outcome, ran.Reason, [.. ran.Outputs.Select(o => new SqlOutput(o.Name, o.Path, o.Rows, o.Bytes))]);
    }

    private static string ParquetOf(string directory, DummyTable table) => Path.GetFullPath(Path.Combine(directory, table.Name + ".parquet"));

    // --out, new or empty; else a new folder under DIR/runs.
    private static string Output(string directory, string? outDirectory)
    {
        if (outDirectory is not null)
        {
            if (File.Exists(outDirectory)) throw new InputException(new LocalMessage("cli.dummy.out-file", ("path", outDirectory)));
            if (Directory.Exists(outDirectory) && Directory.EnumerateFileSystemEntries(outDirectory).Any()) throw new InputException(new LocalMessage("cli.dummy.out-not-empty", ("path", outDirectory)));
            return Directory.CreateDirectory(outDirectory).FullName;
        }
        var runs = Path.Combine(directory, "runs");
        return Directory.CreateDirectory(Path.Combine(runs, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}")).FullName;
    }
}
