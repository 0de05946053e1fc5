using DuckDB.NET.Data;
using Sandbox.Contracts.Evidence;
using Sandbox.Host.Backends;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Staging;
using Sandbox.Host.Store;
using Sandbox.Policy.Queries;
using Sandbox.Runner.Sql;

namespace Sandbox.Host.Exports;

/// <summary>
/// The evidence of a SQL output whose job read the grant's materialized tables in place, measured when an export of
/// it is first asked for rather than on the job's path: most outputs are never asked for, and at 10M rows the evidence
/// query cost several times the job's own. It is measured from the very files the job read (recorded by address when
/// it was staged, and unchanged while their address stands), by the job's statement as recorded at admission, in a
/// DuckDB opened, limited and locked as the job's was; then it is kept beside the output, readable by the host alone.
/// </summary>
/// <remarks>
/// When those files are gone (the dataset was re-imported, the grant's plan or the key changed since the job ran) the
/// evidence is not measured from others: the reason says so and the gate falls back to what it does without evidence
/// (review at best, never a silent pass). A container's SQL job is measured the same way, by the host: its runner is
/// given no subject columns, and a file it leaves under the evidence's name is removed when its outputs are collected.
/// </remarks>
internal static class RequestedEvidence
{
    // Measured on the requester's thread, within the job's limits: at most two at once in a process, as a backend's
    // workers run at most two jobs, so requests of many heavy outputs queue here instead of holding many jobs' memory.
    private static readonly SemaphoreSlim Measuring = new(2, 2);

    /// <summary>
    /// Writes the evidence of output <paramref name="output"/> of <paramref name="job"/> beside
    /// <paramref name="outputPath"/>; returns null, or why it could not be measured (a reviewer reads it). A line on
    /// <paramref name="progress"/> says when the measuring starts, and one when it ends, with how long it took.
    /// </summary>
    public static string? Measure(SandboxSession session, JobRecord job, string output, string outputPath, QueryReads statement, IReadOnlyList<StagedTable> staged,
        TextWriter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(staged);
        // The statement as admitted (its AST, recorded then), not the job's stored text, which could have changed since.
        string sql;
        try
        {
            sql = SqlStatement.PrintAst(statement.Ast);
        }
        catch (SqlParseException ex)
        {
            return $"the admitted statement could not be read back: {ex.Message}";
        }
        var tables = new List<Materializer.Table>();
        foreach (var table in staged)
        {
            if (Materializer.Find(session.Home, job.GrantId, table.Name, table.Address) is not { } found)
            {
                return $"the masked data the job read is gone (table {table.Name} was rebuilt since: re-imported, its masking plan changed or the key rotated), "
                    + "so its subjects cannot be measured; run the job again to export from the current data";
            }
            tables.Add(found);
        }

        var subjects = staged.Where(t => t.Subject is not null).ToDictionary(t => t.Name, t => t.Subject!, StringComparer.OrdinalIgnoreCase);
        Measuring.Wait();
        try
        {
            // Another request may have measured it while this one waited.
            return File.Exists(Path.Combine(Path.GetDirectoryName(outputPath)!, EvidenceRoles.FileOf(output)))
                ? null
                : Told(progress, job, output, () => Measure(session, job, output, outputPath, sql, tables, subjects));
        }
        finally
        {
            Measuring.Release();
        }
    }

    // The measuring, told on `progress`: at its start and at its end, with its duration (it takes seconds at 10M rows).
    private static string? Told(TextWriter? progress, JobRecord job, string output, Func<string?> measure)
    {
        progress?.WriteLine(Messages.Get("export.evidence-measuring", ("output", output), ("job", job.Id)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var unmeasured = measure();
        progress?.WriteLine(Messages.Get(unmeasured is null ? "export.evidence-measured" : "export.evidence-not-measured", ("output", output),
            ("seconds", clock.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))));
        return unmeasured;
    }

    // Measures and writes the evidence on a DuckDB of its own over the tables' files, limited and locked as the job's was.
    private static string? Measure(SandboxSession session, JobRecord job, string output, string outputPath, string sql,
        IReadOnlyList<Materializer.Table> tables, Dictionary<string, string> subjects)
    {
        var limits = InProcessBackend.Limits(job.Spec);
        using var opening = new JobDatabaseOpening();
        DuckDBConnection? connection = null;
        try
        {
            // Whether each row of a table is one subject, measured the first time an evidence needs it (then kept).
            tables = [.. tables.Select(t => Materializer.CheckSubject(session.Home, job.GrantId, t, subjects.GetValueOrDefault(t.Name), CancellationToken.None))];
            var unique = tables.Where(t => t.UniqueSubject).Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            // Each table's masked Parquet, read in place as the job read it.
            connection = opening.Take(limits);
            Materializer.AttachTables(connection, opening.SpillFolder!, tables);
            LockedWorkspace.Lock(connection);
            SqlJobExecutor.WriteEvidence(connection, output, sql, outputPath, subjects, unique, limits.Timeout, CancellationToken.None);
            return null;
        }
        catch (OperationCanceledException)
        {
            return $"measuring its subjects exceeded the job's time limit of {limits.Timeout.TotalSeconds:0.###}s";
        }
        catch (DuckDBException ex)
        {
            // The data is masked, but an error could still quote a value: its kind only.
            return $"its subjects could not be measured: {QueryErrors.Describe(ex)}";
        }
        catch (IOException ex)
        {
            return $"its subjects could not be measured: {ex.Message.Split('\n')[0]}";
        }
        finally
        {
            connection?.Dispose();
            ScratchFolder.Remove(opening.SpillFolder);
        }
    }
}
