using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Jobs;

/// <summary>
/// What a job reads: computed once from its parsed statements when the policy admits it (<see cref="Admitted"/>), and
/// from then on read from the store (<see cref="Of"/>). Only a job admitted before the store kept this record, or one
/// never admitted, is read from its SQL again.
/// </summary>
internal static class JobReading
{
    /// <summary>What the admitted <paramref name="statements"/> read, tables resolved against the store's datasets.</summary>
    public static JobReads Admitted(SandboxSession session, IReadOnlyList<(string Name, SqlStatement Statement)> statements) =>
        new([.. statements.Select(s => Read(session, s.Name, s.Statement))]);

    /// <summary>What <paramref name="job"/> reads, as recorded at its admission; statements that do not parse read nothing.</summary>
    public static JobReads Of(SandboxSession session, JobRecord job) => session.Store.FindJobReads(job.Id) ?? FromSpec(session, job.Spec);

    // A job without a record: one admitted by an older version, or refused before admission. Its SQL is parsed here.
    private static JobReads FromSpec(SandboxSession session, JobSpec spec)
    {
        var statements = new List<(string, SqlStatement)>();
        var sources = spec.Queries.Select(q => (q.Name, q.Sql)).Concat(spec.Ml is { } ml ? [(MlJobAdmission.TrainingQuery, ml.Query)] : []);
        foreach (var (name, sql) in sources)
        {
            try
            {
                statements.Add((name, SqlStatement.Parse(sql)));
            }
            catch (SqlParseException)
            {
                // It never ran: it read nothing.
            }
        }

        return Admitted(session, statements);
    }

    private static QueryReads Read(SandboxSession session, string name, SqlStatement statement) => new(
        name,
        [.. statement.Tables.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase)],
        [.. Referenced(session, statement).Distinct()],
        statement.CountColumnOrdinals,
        statement.Ast.ToJsonString());

    /// <summary>
    /// The (table, column) pairs a statement may read. Errs towards more, never fewer: an unqualified name counts for
    /// every table of the statement, and a <c>*</c> for every column, so a column is never called unused by mistake.
    /// </summary>
    private static IEnumerable<TableColumn> Referenced(SandboxSession session, SqlStatement statement)
    {
        var tables = statement.Tables.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (statement.Ast.ToJsonString().Contains($"\"{AstNames.Star}\"", StringComparison.Ordinal))
        {
            foreach (var table in tables)
            {
                foreach (var column in session.Store.FindDataset(table)?.Columns ?? []) yield return new(table, column.Name);
            }
        }

        foreach (var reference in statement.Columns)
        {
            var named = reference.Qualifier is null
                ? []
                : statement.Tables.Where(t => Same(t.Alias ?? t.Name, reference.Qualifier) || Same(t.Name, reference.Qualifier)).Select(t => t.Name).ToList();
            foreach (var table in named.Count > 0 ? named : tables) yield return new(table, reference.Name);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
