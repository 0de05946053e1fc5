using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.Governance.Requests;

/// <summary>
/// Data requests (seed §7): an operator asks for columns with a justification, the bureau approves or rejects each
/// column, and an approval widens the grant's stored document in the same audited transaction.
/// </summary>
internal static class DataRequestService
{
    /// <summary>Files a request; the actor must be an operator principal of the grant's operator organization.</summary>
    public static DataRequest File(SandboxSession session, string grantId, string dataset, IReadOnlyList<string> columns, string justification)
    {
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException($"--grant: no grant '{grantId}'");
        session.Authorize(AccessAction.RequestFile, Resources.Grant(record), $"--grant: no grant '{grantId}'");
        var grant = record.Grant;

        if (record.State.IsEnded())
        {
            throw new ConflictException($"grant {grantId} is {record.State.Name()}: it can no longer be widened");
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            throw new InputException("--justification: say why each column is the minimum necessary for the scenario");
        }

        var catalog = session.Store.FindDataset(dataset) ?? throw new InputException($"--dataset: no dataset '{dataset}' in the catalog");
        var wanted = columns.Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (wanted.Count == 0) throw new InputException("--columns: name at least one column");
        var duplicate = wanted.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"--columns: '{duplicate.Key}' is named twice");
        var granted = GrantedOf(grant, catalog.Name);
        var resolved = new List<string>();
        foreach (var column in wanted)
        {
            var known = catalog.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))
                ?? throw new InputException($"--columns: dataset {catalog.Name} has no column '{column}'");
            if (granted?.Grants(known.Name) == true) throw new InputException($"--columns: {catalog.Name}.{known.Name} is granted already");
            resolved.Add(known.Name);
        }

        var id = "req-" + (session.Store.CountDataRequests() + 1).ToString("D4", CultureInfo.InvariantCulture);
        var request = new DataRequest(id, grantId, catalog.Name, justification.Trim(), session.Actor, session.Time.GetUtcNow(),
            [.. resolved.Select(c => new RequestedColumn(c, RequestedColumn.Pending, null, null, null))]);
        session.Store.Change(session.Actor, AuditActions.RequestFile, id,
            new { grant = grantId, grant.Scenario, dataset = catalog.Name, columns = resolved, justification = request.Justification },
            tx => { tx.AddDataRequest(request); return 0; });
        return request;
    }

    /// <summary>Decides one column of a request; an approval widens the grant in the same transaction.</summary>
    public static DataRequest Decide(SandboxSession session, string requestId, string column, bool approve, string note)
    {
        session.Authorize(AccessAction.RequestDecide, AccessResource.Platform);

        if (string.IsNullOrWhiteSpace(note)) throw new InputException("--note: give the reason for the decision");
        var request = session.Store.FindDataRequest(requestId) ?? throw new InputException($"ID: no data request '{requestId}'");
        var asked = request.Columns.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"--column: request {requestId} does not ask for '{column}' (it asks for {string.Join(", ", request.Columns.Select(c => c.Column))})");
        if (asked.Decision != RequestedColumn.Pending)
        {
            throw new ConflictException($"column {asked.Column} of request {requestId} is {asked.Decision} already");
        }

        var record = session.Store.FindGrant(request.GrantId) ?? throw new InputException($"ID: grant '{request.GrantId}' of request {requestId} is gone");
        if (approve && record.State.IsEnded())
        {
            throw new ConflictException($"grant {record.Id} is {record.State.Name()}: it can no longer be widened");
        }

        var decision = approve ? RequestedColumn.Approved : RequestedColumn.Rejected;
        var widened = approve ? record with { Grant = Widen(record.Grant, request.Dataset, asked.Column) } : null;
        session.Store.Change(session.Actor, approve ? AuditActions.RequestApprove : AuditActions.RequestReject, requestId,
            new { grant = request.GrantId, dataset = request.Dataset, column = asked.Column, note = note.Trim(), grantWidened = widened is not null },
            tx =>
            {
                tx.DecideRequestedColumn(requestId, asked.Column, decision, note.Trim(), session.Actor);
                if (widened is not null) tx.PutGrant(widened);
                return 0;
            });
        return session.Store.FindDataRequest(requestId)!;
    }

    /// <summary>The grant with <paramref name="column"/> of <paramref name="dataset"/> added to its granted columns.</summary>
    public static Grant Widen(Grant grant, string dataset, string column)
    {
        var datasets = new Dictionary<string, GrantedDataset>(grant.Datasets, StringComparer.OrdinalIgnoreCase);
        var key = datasets.Keys.FirstOrDefault(k => string.Equals(k, dataset, StringComparison.OrdinalIgnoreCase));
        datasets[key ?? dataset] = key is null
            ? new GrantedDataset(dataset, [column], new Dictionary<string, string>(), new Dictionary<string, string>())
            : datasets[key] with { Columns = [.. datasets[key].Columns, column] };
        return grant with { Datasets = datasets };
    }

    /// <summary>
    /// The grant with every column approved for it by <paramref name="requests"/> that it lacks added back: for
    /// <c>policy apply</c>, so re-applying the original document does not silently narrow a widened grant.
    /// </summary>
    public static Grant WithApprovedColumns(Grant grant, IEnumerable<DataRequest> requests)
    {
        foreach (var request in requests.Where(r => r.GrantId == grant.Id))
        {
            foreach (var column in request.Columns.Where(c => c.Decision == RequestedColumn.Approved))
            {
                if (GrantedOf(grant, request.Dataset)?.Grants(column.Column) != true) grant = Widen(grant, request.Dataset, column.Column);
            }
        }

        return grant;
    }

    private static GrantedDataset? GrantedOf(Grant grant, string dataset) =>
        grant.Datasets.FirstOrDefault(d => string.Equals(d.Key, dataset, StringComparison.OrdinalIgnoreCase)).Value;
}
