using DuckDB.NET.Data;

namespace Sandbox.Runner.Sql;

/// <summary>
/// Runs the named queries of one SQL job against a workspace database and writes each result as
/// <c>&lt;name&gt;.csv</c> in the output directory. Used in-process by the host and inside containers.
/// </summary>
public static class SqlJobExecutor
{
    /// <summary>Runs the queries in order; the first failure or limit ends the job.</summary>
    /// <param name="workspaceDatabase">The job's workspace database, opened read-only and locked.</param>
    /// <param name="queries">The named SELECT statements; each writes <c>&lt;name&gt;.csv</c>.</param>
    /// <param name="outputDirectory">Where the outputs are written.</param>
    /// <param name="limits">Time, memory, threads and output bytes.</param>
    /// <param name="cancellationToken">Stops the job.</param>
    /// <param name="subjects">
    /// The subject column of each workspace table (table → column). When given, every output also gets its disclosure
    /// evidence, <c>&lt;name&gt;.evidence.json</c> (see <see cref="EvidenceWriter"/>); it is not an output and does not
    /// count against the output limit. Null: no evidence is written.
    /// </param>
    /// <param name="uniqueSubjects">The tables known to hold each subject once, whose evidence is measured row by row; null when unknown.</param>
    public static SqlJobResult Run(
        string workspaceDatabase,
        IReadOnlyList<(string Name, string Sql)> queries,
        string outputDirectory,
        SqlJobLimits limits,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? subjects = null,
        IReadOnlySet<string>? uniqueSubjects = null)
    {
        using var connection = LockedWorkspace.Open(workspaceDatabase, limits.MemoryBytes, limits.Threads);
        return Run(connection, queries, outputDirectory, limits, cancellationToken, subjects, uniqueSubjects);
    }

    /// <summary>
    /// Runs the queries on a workspace connection the caller has opened and locked already (see
    /// <see cref="LockedWorkspace.OpenInMemory()"/> and <see cref="LockedWorkspace.Lock"/>); the caller keeps and disposes it.
    /// </summary>
    public static SqlJobResult Run(
        DuckDBConnection connection,
        IReadOnlyList<(string Name, string Sql)> queries,
        string outputDirectory,
        SqlJobLimits limits,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? subjects = null,
        IReadOnlySet<string>? uniqueSubjects = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(limits);
        Directory.CreateDirectory(outputDirectory);
        var outputs = new List<SqlOutput>();
        var budget = limits.OutputBytes;
        using var deadline = new CancellationTokenSource(limits.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);

        foreach (var (name, sql) in queries)
        {
            var path = Path.Combine(outputDirectory, name + ".csv");
            var temp = path + ".partial";
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                // Cancel() interrupts the running DuckDB query (duckdb_interrupt), so a runaway query stops at the deadline.
                using var registration = linked.Token.Register(command.Cancel);
                long rows;
                using (var reader = command.ExecuteReader())
                using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    rows = CsvWriter.Write(reader, file, budget, linked.Token);
                }
                File.Move(temp, path, overwrite: true);
                Timing.PhaseClock.Mark("query and csv");
                var bytes = new FileInfo(path).Length;
                budget -= bytes;
                outputs.Add(new SqlOutput(name, path, rows, bytes));
                if (subjects is not null)
                {
                    EvidenceWriter.Write(connection, name, sql, path, subjects, linked.Token, uniqueSubjects);
                    Timing.PhaseClock.Mark("evidence written");
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ex is DuckDBException && linked.IsCancellationRequested))
            {
                File.Delete(temp);
                return deadline.IsCancellationRequested
                    ? new SqlJobResult(SqlJobOutcome.Killed, $"query {name} exceeded the time limit of {limits.Timeout.TotalSeconds:0.###}s and was interrupted", outputs)
                    : new SqlJobResult(SqlJobOutcome.Cancelled, $"job cancelled during query {name}", outputs);
            }
            catch (OutputLimitException ex)
            {
                File.Delete(temp);
                return new SqlJobResult(SqlJobOutcome.Killed, $"query {name}: {ex.Message}", outputs);
            }
            catch (DuckDBException ex)
            {
                File.Delete(temp);
                return new SqlJobResult(SqlJobOutcome.Failed, $"query {name}: {QueryErrors.Describe(ex)}", outputs);
            }
        }
        return new SqlJobResult(SqlJobOutcome.Succeeded, null, outputs);
    }

    /// <summary>
    /// Writes the evidence of output <paramref name="name"/> (the CSV at <paramref name="outputPath"/>, written by
    /// <paramref name="sql"/>) after the job, on a connection to the very data it read, opened and locked by the caller:
    /// what <see cref="Run(DuckDBConnection, IReadOnlyList{ValueTuple{string, string}}, string, SqlJobLimits, CancellationToken, IReadOnlyDictionary{string, string}?, IReadOnlySet{string}?)"/>
    /// writes beside each output when given subjects. A failing evidence query is written as the reason.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="timeout"/> passed, or cancellation; nothing is written.</exception>
    public static void WriteEvidence(DuckDBConnection connection, string name, string sql, string outputPath,
        IReadOnlyDictionary<string, string> subjects, IReadOnlySet<string>? uniqueSubjects, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            EvidenceWriter.Write(connection, name, sql, outputPath, subjects, linked.Token, uniqueSubjects);
        }
        catch (DuckDBException) when (linked.IsCancellationRequested)
        {
            throw new OperationCanceledException(linked.Token);
        }
    }
}
