using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Access;

namespace Sandbox.Host.Access;

/// <summary>The authorizer's view of stored records: whose organization each belongs to and who made it.</summary>
internal static class Resources
{
    /// <summary>A grant belongs to its operator.</summary>
    public static AccessResource Grant(GrantRecord grant) => AccessResource.Of(grant.Grant.Operator.Id);

    /// <summary>A job belongs to its grant's operator and was made by its submitter.</summary>
    public static AccessResource Job(SandboxSession session, JobRecord job) =>
        new(OrganizationOf(session, job.GrantId), job.SubmittedBy);

    /// <summary>An export belongs to its job's grant's operator and was made by its requester.</summary>
    public static AccessResource Export(SandboxSession session, ExportRecord export) =>
        new(session.Store.FindJob(export.JobId) is { } job ? OrganizationOf(session, job.GrantId) : [], export.RequestedBy);

    /// <summary>A dataset belongs to every operator a grant gives it to.</summary>
    public static AccessResource Dataset(SandboxSession session, string name) => new(
        session.Store.ListGrants().Select(g => g.Grant)
            .Where(g => g.Datasets.Keys.Contains(name, StringComparer.OrdinalIgnoreCase))
            .Select(g => g.Operator.Id).Distinct().ToList(),
        null);

    /// <summary>Something a principal did: it belongs to that principal's organization (if any) and to the principal.</summary>
    public static AccessResource ActedBy(SandboxSession session, string actor) =>
        new(session.FindPrincipal(actor)?.Operator is { } org ? [org] : [], actor);

    private static string[] OrganizationOf(SandboxSession session, string grantId) =>
        session.Store.FindGrant(grantId) is { } grant ? [grant.Grant.Operator.Id] : [];
}
