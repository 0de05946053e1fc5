using System.Globalization;
using System.Text.Json;
using Sandbox.Contracts.Audit;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Store;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Audit;

/// <summary>
/// The states of exports, grants and jobs as the audit log implies them, replayed entry by entry. The state columns of
/// the store are a cache of this: a column edited without a matching entry disagrees with the ledger, and
/// <c>audit verify</c>, export release and job admission say so.
/// </summary>
internal sealed class StateLedger
{
    private readonly Dictionary<string, IReadOnlyList<string>> _roles = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ExportHistory> _exports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jobs = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private StateLedger()
    {
    }

    /// <summary>Each export's history, by id.</summary>
    public IReadOnlyDictionary<string, ExportHistory> Exports => _exports;

    /// <summary>Each grant's state, by id.</summary>
    public IReadOnlyDictionary<string, string> Grants => _grants;

    /// <summary>Each job's state, by id.</summary>
    public IReadOnlyDictionary<string, string> Jobs => _jobs;

    /// <summary>Replays <paramref name="entries"/>, oldest first.</summary>
    /// <param name="entries">The audit entries.</param>
    /// <param name="crossBorder">Whether an export's grant has a foreign operator, by export id.</param>
    public static StateLedger Replay(IEnumerable<AuditEntry> entries, Func<string, bool> crossBorder)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(crossBorder);
        var ledger = new StateLedger();
        foreach (var entry in entries) ledger.Apply(entry, crossBorder);
        return ledger;
    }

    /// <summary>Replays the entries about <paramref name="subjects"/> and the policy entries that declare grants and principals.</summary>
    public static StateLedger Of(IControlStore store, IReadOnlyCollection<string> subjects, Func<string, bool> crossBorder) =>
        Replay(AuditLog.ReadAbout(store, subjects), crossBorder);

    /// <summary>Replays the whole log and returns every disagreement with <paramref name="store"/> (see <see cref="Disagreements"/>).</summary>
    public static IReadOnlyList<string> Check(IControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var foreign = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool CrossBorder(string exportId)
        {
            if (!foreign.TryGetValue(exportId, out var known))
            {
                foreign[exportId] = known = store.FindExport(exportId) is { } export && export.Document.CrossBorder;
            }
            return known;
        }

        return Replay(AuditLog.Read(store), CrossBorder).Disagreements(store);
    }

    /// <summary>
    /// One sentence when grant <paramref name="grantId"/>'s stored state is not the one its audit entries imply, else null.
    /// </summary>
    public static string? GrantDisagreement(IControlStore store, string grantId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = store.FindGrant(grantId);
        return stored is null ? null : Of(store, [grantId], _ => false).GrantProblem(grantId, stored.State.Name());
    }

    /// <summary>The sentence for grant <paramref name="grantId"/> stored as <paramref name="stored"/>, or null when the log agrees.</summary>
    public string? GrantProblem(string grantId, string stored) => Disagreement("grant", grantId, stored, _grants.GetValueOrDefault(grantId));

    /// <summary>
    /// Every record of the store whose state the log does not imply, and every entry the rules refuse on replay: one
    /// sentence each, naming the record, the stored state and the state the log implies.
    /// </summary>
    public IReadOnlyList<string> Disagreements(IControlStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var problems = new List<string>(_problems);
        var exports = store.ListExportStates();
        foreach (var (id, state) in exports)
        {
            var history = _exports.GetValueOrDefault(id);
            problems.AddRange(history?.Problems ?? []);
            Add(problems, Disagreement("export", id, state, history?.State?.ToString()));
        }

        foreach (var grant in store.ListGrants()) Add(problems, GrantProblem(grant.Id, grant.State.Name()));
        foreach (var job in store.ListJobs()) Add(problems, Disagreement("job", job.Id, job.State.Name(), _jobs.GetValueOrDefault(job.Id)));

        // Records the log knows that the store lost.
        var stored = exports.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(_exports.Values.Where(h => h.State is not null && !stored.Contains(h.Id))
            .Select(h => $"export {h.Id}: the audit log implies {h.State}, but the store has no such export"));
        return problems;
    }

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null) problems.Add(problem);
    }

    private static string? Disagreement(string kind, string id, string stored, string? logged) => logged switch
    {
        null => $"{kind} {id}: stored as {stored}, but the audit log records nothing that created it",
        _ when !string.Equals(logged, stored, StringComparison.Ordinal) => $"{kind} {id}: stored as {stored}, but its audit entries imply {logged}",
        _ => null,
    };

    private void Apply(AuditEntry entry, Func<string, bool> crossBorder)
    {
        if (entry.Action == AuditActions.PolicyApply)
        {
            ApplyPolicy(entry);
        }
        else if (AuditActions.AreaOf(entry.Action) == "export")
        {
            if (!_exports.TryGetValue(entry.Subject, out var history))
            {
                // Entries about a grant's exports (freeze, thaw) name the grant, not an export: only a request opens a history.
                if (entry.Action != AuditActions.ExportRequest) return;
                _exports[entry.Subject] = history = new ExportHistory(entry.Subject);
            }
            history.Apply(entry, RolesOf(entry.Actor), crossBorder(entry.Subject));
        }
        else if (AuditActions.AreaOf(entry.Action) == "grant")
        {
            ApplyGrant(entry);
        }
        else if (JobState(entry) is { } state)
        {
            _jobs[entry.Subject] = state;
        }
    }

    /// <summary>A policy entry declares new grants with their first state, and the principals with their roles.</summary>
    private void ApplyPolicy(AuditEntry entry)
    {
        var detail = AuditDetail.Parse(entry.Detail);
        if (AuditDetail.At(detail, "principals") is { ValueKind: JsonValueKind.Array } principals)
        {
            _roles.Clear();
            foreach (var principal in principals.EnumerateArray())
            {
                if (AuditDetail.Text(principal, "id") is not { } id) continue;
                _roles[id] = AuditDetail.At(principal, "roles") is { ValueKind: JsonValueKind.Array } roles
                    ? [.. roles.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
                    : [];
            }
        }

        if (AuditDetail.At(detail, "grants") is not { ValueKind: JsonValueKind.Array } grants) return;
        foreach (var grant in grants.EnumerateArray())
        {
            if (AuditDetail.Text(grant, "id") is not { } id || AuditDetail.Text(grant, "state") is not { } state) continue;
            // Applying a document again never changes a grant's state: a different state here is not the log's word.
            if (_grants.TryGetValue(id, out var known))
            {
                if (known != state) Problem(entry, $"grant {id}", $"records the state {state}, but the entries before it imply {known}");
                continue;
            }
            _grants[id] = state;
        }
    }

    /// <summary>A lifecycle entry moves the grant from one state to another.</summary>
    private void ApplyGrant(AuditEntry entry)
    {
        var detail = AuditDetail.Parse(entry.Detail);
        if (AuditActions.IsRefusal(entry.Action) || AuditDetail.Text(detail, "to") is not { } to) return;
        var known = _grants.GetValueOrDefault(entry.Subject);
        if (known is null)
        {
            Problem(entry, $"grant {entry.Subject}", "changes a grant the log never created");
        }
        else if (AuditDetail.Text(detail, "from") is { } from && from != known)
        {
            Problem(entry, $"grant {entry.Subject}", $"moves it from {from}, but the entries before it imply {known}");
        }
        _grants[entry.Subject] = to;
    }

    /// <summary>The job state an entry records, or null for an entry that does not change one.</summary>
    private static string? JobState(AuditEntry entry) => entry.Action switch
    {
        AuditActions.JobSubmit => Contracts.Jobs.JobState.Queued.Name(),
        AuditActions.JobStage => Contracts.Jobs.JobState.Staging.Name(),
        AuditActions.JobStart => Contracts.Jobs.JobState.Running.Name(),
        AuditActions.JobFinish or AuditActions.JobRefuse or AuditActions.JobCancel or AuditActions.JobKill or AuditActions.JobReconcile => AuditDetail.Text(AuditDetail.Parse(entry.Detail), "state"),
        _ => null,
    };

    private IReadOnlyList<string> RolesOf(string principal) =>
        principal == Home.SandboxSession.Administrator ? [Home.SandboxSession.Administrator] : _roles.GetValueOrDefault(principal) ?? [];

    private void Problem(AuditEntry entry, string record, string what) => _problems.Add(string.Create(CultureInfo.InvariantCulture,
        $"{record}: entry {entry.Seq} ({entry.Action} by {entry.Actor}) {what}"));
}
