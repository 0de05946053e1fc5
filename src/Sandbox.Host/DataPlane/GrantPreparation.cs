using Sandbox.Contracts.Audit;
using Sandbox.Host.Access;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Localization;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;

namespace Sandbox.Host.DataPlane;

/// <summary><c>sandbox grant prepare ID</c>: materializes every table of a grant ahead of its first job (the bureau's decision, audited).</summary>
internal static class GrantPreparation
{
    public static IReadOnlyList<Materializer.Table> Prepare(SandboxSession session, string grantId, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var notFound = new LocalMessage("error.no-grant", ("field", "ID"), ("id", grantId));
        var record = session.Store.FindGrant(grantId) ?? throw new NotFoundException(notFound);
        session.Authorize(AccessAction.GrantDecide, Resources.Grant(record), notFound);
        if (record.State.IsEnded()) throw new ConflictException($"grant {grantId} is {record.State.Name()}: its data is destroyed, not prepared");
        var grant = record.Grant;
        var (decision, tables) = JobAdmission.Plan(session, grant, grant.Datasets.Keys);
        if (!decision.Allowed) throw new RefusedException($"grant {grantId} cannot be prepared: {string.Join("; ", decision.Reasons)}");

        List<Materializer.Table> ready;
        try
        {
            ready = [.. tables.Select(t => Materializer.Ensure(session.Home, grantId, session.MaskingKey, t, cancellationToken, progress))];
        }
        catch (InvalidDataException ex)
        {
            // A raw file that does not open (damaged, or another home's) is the bureau's to replace: say which.
            throw new RefusedException($"grant {grantId} cannot be prepared: {ex.Message}");
        }
        foreach (var table in ready.Where(t => t.Built))
        {
            session.Store.Record(session.Actor, AuditActions.MaterializationBuild, grantId, new { table = table.Name, table.Address, table.Rows, via = "grant prepare" });
        }
        return ready;
    }
}
