using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Governance.Requests;

/// <summary>
/// Which granted columns SQL jobs actually reference, read from the jobs' statements on DuckDB's AST; and which
/// granted columns went unused for the review window (minimum necessary, seed §7).
/// </summary>
internal static class ColumnUsage
{
    /// <summary>The default review window, in days.</summary>
    public const int DefaultDays = 90;

    /// <summary>
    /// Granted columns that no succeeded or failed SQL job of their grant referenced within the last
    /// <paramref name="days"/> days, and that were granted at least that long ago.
    /// </summary>
    public static IReadOnlyList<UnusedColumn> Unused(SandboxSession session, int days)
    {
        var now = session.Time.GetUtcNow();
        var since = now.AddDays(-days);
        var approvals = session.Store.ListDataRequests()
            .SelectMany(r => r.Columns.Where(c => c.Decision == RequestedColumn.Approved).Select(c => (r.GrantId, r.Dataset, c.Column, At: c.DecidedAt!.Value)))
            .ToList();
        var lastUsed = LastUses(session);
        var unused = new List<UnusedColumn>();
        foreach (var record in session.Store.ListGrants().Where(g => !g.State.IsEnded()))
        {
            var grant = record.Grant;
            foreach (var dataset in grant.Datasets.Values)
            {
                foreach (var column in dataset.Columns)
                {
                    var grantedAt = approvals
                        .Where(a => a.GrantId == record.Id && Same(a.Dataset, dataset.Name) && Same(a.Column, column))
                        .Select(a => (DateTimeOffset?)a.At).Max() ?? record.AppliedAt;
                    lastUsed.TryGetValue((record.Id, dataset.Name.ToLowerInvariant(), column.ToLowerInvariant()), out var used);
                    if (grantedAt <= since && (used is null || used < since))
                    {
                        unused.Add(new UnusedColumn(record.Id, dataset.Name, column, grantedAt, used));
                    }
                }
            }
        }

        return unused;
    }

    /// <summary>The last time each (grant, dataset, column), lowercased, was referenced by a finished SQL job.</summary>
    private static Dictionary<(string Grant, string Dataset, string Column), DateTimeOffset?> LastUses(SandboxSession session)
    {
        var uses = new Dictionary<(string, string, string), DateTimeOffset?>();
        foreach (var job in session.Store.ListJobs().Where(j => j.Kind == JobKinds.Sql && j.State is JobState.Succeeded or JobState.Failed))
        {
            var spec = job.Spec;
            foreach (var query in spec.Queries)
            {
                SqlStatement statement;
                try
                {
                    statement = SqlStatement.Parse(query.Sql);
                }
                catch (SqlParseException)
                {
                    continue; // refused at submission; it read nothing
                }

                foreach (var (table, column) in Referenced(session, statement))
                {
                    var key = (job.GrantId, table.ToLowerInvariant(), column.ToLowerInvariant());
                    if (!uses.TryGetValue(key, out var at) || at < job.CreatedAt) uses[key] = job.CreatedAt;
                }
            }
        }

        return uses;
    }

    /// <summary>
    /// The (table, column) pairs a statement may read. Errs towards more, never fewer: an unqualified name counts for
    /// every table of the statement, and a <c>*</c> for every column, so a column is never called unused by mistake.
    /// </summary>
    private static IEnumerable<(string Table, string Column)> Referenced(SandboxSession session, SqlStatement statement)
    {
        var tables = statement.Tables.Select(t => t.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (statement.Ast.ToJsonString().Contains("\"STAR\"", StringComparison.Ordinal))
        {
            foreach (var table in tables)
            {
                foreach (var column in session.Store.FindDataset(table)?.Columns ?? []) yield return (table, column.Name);
            }
        }

        foreach (var reference in statement.Columns)
        {
            var named = reference.Qualifier is null
                ? []
                : statement.Tables.Where(t => Same(t.Alias ?? t.Name, reference.Qualifier) || Same(t.Name, reference.Qualifier)).Select(t => t.Name).ToList();
            foreach (var table in named.Count > 0 ? named : tables) yield return (table, reference.Name);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
