using System.Text.Json;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Contracts.Time;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Governance.Supervision;

/// <summary>The security monitoring rules (seed §12–13), as pure functions of the audit log and the jobs.</summary>
internal static class MonitorRules
{
    /// <summary>How many refused jobs by one actor make a burst.</summary>
    public const int BurstCount = 5;

    /// <summary>The window a burst must fall in.</summary>
    public static readonly TimeSpan BurstWindow = TimeSpan.FromMinutes(10);

    /// <summary>How many failed export requests by one actor in a day raise an alert.</summary>
    public const int FailedExportCount = 3;

    /// <summary>Every rule, oldest evidence first.</summary>
    /// <param name="audit">The audit log.</param>
    /// <param name="jobs">Every job.</param>
    /// <param name="readsOf">What a job reads, as recorded at its admission.</param>
    public static IReadOnlyList<Alert> Evaluate(IReadOnlyList<AuditEntry> audit, IReadOnlyList<JobRecord> jobs, Func<JobRecord, JobReads> readsOf) =>
        [.. RefusalBursts(audit, jobs), .. FailedExports(audit), .. Differencing(jobs, readsOf), .. JobsHittingLimits(audit, jobs)];

    /// <summary>
    /// At least <see cref="BurstCount"/> <c>job.refuse</c> entries by one actor within <see cref="BurstWindow"/>, counting
    /// only refusals of the actor's own submissions: queued jobs refused because their grant was stopped are not a burst.
    /// A submission the authorizer refused (a grant of another organization) is recorded without a job: it counts too.
    /// </summary>
    private static string? GrantIn(string detail)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(detail)?["grant"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static IEnumerable<Alert> RefusalBursts(IReadOnlyList<AuditEntry> audit, IReadOnlyList<JobRecord> jobs)
    {
        var byId = jobs.ToDictionary(j => j.Id);
        var own = audit.Where(e => e.Action == AuditActions.JobRefuse && (byId.TryGetValue(e.Subject, out var job) ? job.SubmittedBy == e.Actor : true)).ToList();
        var grantOf = jobs.ToDictionary(j => j.Id, j => j.GrantId);
        foreach (var e in own.Where(e => !byId.ContainsKey(e.Subject))) grantOf[e.Subject] = GrantIn(e.Detail) ?? "";
        foreach (var byActor in own.GroupBy(e => e.Actor))
        {
            var refusals = byActor.OrderBy(e => e.Seq).ToList();
            for (var i = 0; i < refusals.Count;)
            {
                var window = refusals.Skip(i).TakeWhile(e => e.At - refusals[i].At <= BurstWindow).ToList();
                if (window.Count < BurstCount)
                {
                    i++;
                    continue;
                }

                // One alert per burst, named by its first entry: a re-run finds the same one.
                var jobIds = window.Select(e => e.Subject).ToList();
                yield return new Alert("refusal-burst", byActor.Key, $"refusal-burst:{window[0].Seq}",
                    new AlertEvidence([.. window.Select(e => e.Seq)], jobIds, [.. jobIds.Select(j => grantOf.GetValueOrDefault(j)).OfType<string>().Distinct()]),
                    "suspend", $"{byActor.Key} had {window.Count} jobs refused within {BurstWindow.TotalMinutes:0} minutes");
                i += window.Count;
            }
        }
    }

    /// <summary>At least <see cref="FailedExportCount"/> export requests with verdict fail by one actor on one day.</summary>
    public static IEnumerable<Alert> FailedExports(IReadOnlyList<AuditEntry> audit)
    {
        var failed = audit.Where(e => e.Action == AuditActions.ExportRequest && Verdict(e.Detail) == "fail");
        foreach (var group in failed.GroupBy(e => (e.Actor, Day: DomainClock.DayOf(e.At))))
        {
            var entries = group.OrderBy(e => e.Seq).ToList();
            if (entries.Count < FailedExportCount) continue;
            yield return new Alert("failed-exports", group.Key.Actor, $"failed-exports:{group.Key.Actor}:{group.Key.Day:yyyy-MM-dd}",
                new AlertEvidence([.. entries.Select(e => e.Seq)], [], []),
                "review", $"{group.Key.Actor} requested {entries.Count} exports that failed the checks on {group.Key.Day:yyyy-MM-dd}");
        }
    }

    /// <summary>Two SQL jobs by one principal whose statements differ only by one filter: a differencing attack.</summary>
    public static IEnumerable<Alert> Differencing(IReadOnlyList<JobRecord> jobs, Func<JobRecord, JobReads> readsOf)
    {
        foreach (var byActor in jobs.Where(j => j.Kind == JobKinds.Sql && j.State == JobState.Succeeded).GroupBy(j => j.SubmittedBy))
        {
            var parsed = byActor.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Select(j => (Job: j, readsOf(j).Queries)).ToList();
            for (var a = 0; a < parsed.Count; a++)
            {
                for (var b = a + 1; b < parsed.Count; b++)
                {
                    if (parsed[a].Job.GrantId != parsed[b].Job.GrantId) continue;
                    var pair = (from qa in parsed[a].Queries
                                from qb in parsed[b].Queries
                                let difference = QueryDifference.Compare(qa.Ast, qb.Ast)
                                where difference is not null
                                select (qa.Name, qb.Name, difference)).FirstOrDefault();
                    if (pair.difference is null) continue;
                    var (first, second) = (parsed[a].Job, parsed[b].Job);
                    yield return new Alert("differencing", byActor.Key, $"differencing:{first.Id}:{second.Id}",
                        new AlertEvidence([], [first.Id, second.Id], [first.GrantId]), "suspend",
                        $"{byActor.Key}: query {pair.Item1} of {first.Id} and query {pair.Item2} of {second.Id} differ only by {pair.difference}");
                }
            }
        }
    }

    /// <summary>
    /// Jobs killed for passing a limit (time, memory, log size). A job killed because its grant was stopped
    /// (audited as <c>job.kill</c>) did not hit a limit.
    /// </summary>
    public static IEnumerable<Alert> JobsHittingLimits(IReadOnlyList<AuditEntry> audit, IReadOnlyList<JobRecord> jobs)
    {
        var stopped = audit.Where(e => e.Action == AuditActions.JobKill).Select(e => e.Subject).ToHashSet(StringComparer.Ordinal);
        return jobs.Where(j => j.State == JobState.Killed && !stopped.Contains(j.Id)).Select(j => new Alert("job-limits", j.SubmittedBy, $"job-limits:{j.Id}",
            new AlertEvidence([.. audit.Where(e => e.Subject == j.Id && e.Action == AuditActions.JobFinish).Select(e => e.Seq)], [j.Id], [j.GrantId]),
            "review", $"job {j.Id} of {j.SubmittedBy} was killed: {j.Reason}"));
    }

    private static string? Verdict(string detail)
    {
        try
        {
            using var document = JsonDocument.Parse(detail);
            return document.RootElement.TryGetProperty("verdict", out var verdict) && verdict.ValueKind == JsonValueKind.String ? verdict.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
