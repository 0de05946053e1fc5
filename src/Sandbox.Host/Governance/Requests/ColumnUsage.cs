using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Governance.Requests;

/// <summary>
/// Which granted columns SQL jobs actually reference, as recorded when each job was admitted; and which
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
            foreach (var (table, column) in Jobs.JobReading.Of(session, job).Queries.SelectMany(q => q.Columns))
            {
                var key = (job.GrantId, table.ToLowerInvariant(), column.ToLowerInvariant());
                if (!uses.TryGetValue(key, out var at) || at < job.CreatedAt) uses[key] = job.CreatedAt;
            }
        }

        return uses;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
