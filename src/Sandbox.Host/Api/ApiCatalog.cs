using Microsoft.AspNetCore.Http;
using Sandbox.Host.Access;
using Sandbox.Host.Api.Bodies;
using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Host.Localization;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Api;

/// <summary>Datasets and grants over the API: what the principal may see, without server paths.</summary>
internal static class ApiCatalog
{
    public static IResult Datasets(SandboxSession session) => ApiResults.Json(
        session.Store.ListDatasets().Where(d => session.Can(AccessAction.DatasetView, Resources.Dataset(session, d.Name))).Select(View).ToList());

    public static IResult Dataset(SandboxSession session, string name)
    {
        var notFound = new LocalMessage("api.no-dataset", ("name", name));
        var record = session.Store.FindDataset(name) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.DatasetView, Resources.Dataset(session, record.Name), notFound);
        return ApiResults.Json(View(record));
    }

    public static IResult Grants(SandboxSession session)
    {
        foreach (var g in session.Store.ListGrants()) GrantLifecycleService.Refresh(session, g);
        return ApiResults.Json(session.Store.ListGrants().Where(g => session.Can(AccessAction.GrantView, Resources.Grant(g))).Select(View).ToList());
    }

    public static IResult Grant(SandboxSession session, string id)
    {
        var notFound = new LocalMessage("api.no-grant", ("id", id));
        var record = session.Store.FindGrant(id) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.GrantView, Resources.Grant(record), notFound);
        GrantLifecycleService.Refresh(session, record);
        return ApiResults.Json(View(session.Store.FindGrant(id)!));
    }

    // The stored record carries the server path of its Parquet file: never shown outside the domain.
    private static DatasetBody View(DatasetRecord d) => DatasetBody.Of(d);

    private static GrantBody View(GrantRecord record)
    {
        var grant = record.Grant;
        return new GrantBody(record.Id, record.State, record.Sha256, grant.Operator, grant.Zone, grant.Scenario, grant.Period,
            [.. grant.Datasets.Values.Select(d => new GrantDatasetBody(d.Name, d.Columns, d.Masking, d.Constraints))]);
    }
}
