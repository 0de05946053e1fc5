using System.Globalization;
using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
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
        var notFound = new LocalMessage("error.no-grant", ("field", "--grant"), ("id", grantId));
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.RequestFile, Resources.Grant(record), notFound);
        var grant = record.Grant;

        if (record.State.IsEnded())
        {
            throw new ConflictException(new LocalMessage("error.request.grant-ended", ("grant", grantId), ("state", State(record.State.Name()))));
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            throw new InputException(new LocalMessage("error.request.justification"));
        }

        var catalog = session.Store.FindDataset(dataset) ?? throw new InputException(new LocalMessage("error.no-dataset", ("name", dataset)));
        var wanted = columns.Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
        if (wanted.Count == 0) throw new InputException(new LocalMessage("error.request.columns-none"));
        var duplicate = wanted.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException(new LocalMessage("error.request.columns-twice", ("column", duplicate.Key)));
        var granted = GrantedOf(grant, catalog.Name);
        var resolved = new List<string>();
        foreach (var column in wanted)
        {
            var known = catalog.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase))
                ?? throw new InputException(new LocalMessage("error.request.no-column", ("dataset", catalog.Name), ("column", column)));
            if (granted?.Grants(known.Name) == true) throw new InputException(new LocalMessage("error.request.granted-already", ("dataset", catalog.Name), ("column", known.Name)));
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

        if (string.IsNullOrWhiteSpace(note)) throw new InputException(new LocalMessage("error.request.note"));
        var request = session.Store.FindDataRequest(requestId) ?? throw new InputException(new LocalMessage("error.request.not-found", ("id", requestId)));
        var asked = request.Columns.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException(new LocalMessage("error.request.not-asked", ("id", requestId), ("column", column), ("columns", string.Join(", ", request.Columns.Select(c => c.Column)))));
        if (asked.Decision != RequestedColumn.Pending)
        {
            throw new ConflictException(new LocalMessage("error.request.decided", ("column", asked.Column), ("id", requestId), ("decision", asked.Decision)));
        }

        var record = session.Store.FindGrant(request.GrantId) ?? throw new InputException(new LocalMessage("error.request.grant-gone", ("grant", request.GrantId), ("id", requestId)));
        if (approve && record.State.IsEnded())
        {
            throw new ConflictException(new LocalMessage("error.request.grant-ended", ("grant", record.Id), ("state", State(record.State.Name()))));
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

    /// <summary>A grant state's name, said in the reader's language where the catalog knows it.</summary>
    private static object State(string name) => EnglishShapes.Read(name) ?? (object)name;
}
