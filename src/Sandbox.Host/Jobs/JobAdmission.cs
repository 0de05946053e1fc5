using Sandbox.Host.Governance;
using Sandbox.Host.Home;
using Sandbox.Host.Policies;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Consent;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;
using Sandbox.Policy.Training;

namespace Sandbox.Host.Jobs;

/// <summary>Whether a job may run, and the tables its workspace gets: the common part, then per job kind.</summary>
internal static class JobAdmission
{
    public static (Decision Decision, IReadOnlyList<WorkspaceStager.TablePlan> Tables) Admit(
        SandboxSession session, JobSpec spec, IReadOnlyList<(string Name, SqlStatement Statement)> statements)
    {
        var record = session.Store.FindGrant(spec.Grant);
        if (record is null) return (Decision.Deny($"grant {spec.Grant} does not exist"), []);
        if (Audit.StateLedger.GrantDisagreement(session.Store, spec.Grant) is { } tampered) return (Decision.Deny(tampered), []);
        var grant = record.Grant;
        // A grant whose period is over is recorded as expired before anything is decided.
        var state = GrantLifecycleService.Refresh(session, record);

        var admitted = spec.Kind switch
        {
            JobKinds.Sql => SqlJobAdmission.Admit(session, grant, state, statements),
            JobKinds.Ml => MlJobAdmission.Admit(session, spec, grant, state, statements),
            _ => ContainerJobAdmission.Admit(session, spec, grant, state),
        };

        // Seed §6: an operator's staff work only for their own organization (the authorizer decided that before the
        // job was recorded), and only once trained. The grant's own refusals come first: they say more.
        if (admitted.Item1.Allowed && TrainingRule.Check(session.Actor, GovernanceStore.TrainingOf(session, session.Actor), session.Today) is { } untrained)
        {
            return (Decision.Deny(untrained), []);
        }
        return admitted;
    }

    /// <summary>The masking plan of each named dataset, or the refusals of the grant's masking overrides; <paramref name="catalog"/> may be the decision's own.</summary>
    public static (Decision, IReadOnlyList<WorkspaceStager.TablePlan>) Plan(SandboxSession session, Grant grant, IEnumerable<string> datasets, StoreCatalog? catalog = null)
    {
        catalog ??= new StoreCatalog(session.Store);
        // Personal information and trade secrets only with the grant's consent evidence (seed §7), whatever the job kind.
        var names = datasets.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var refusals = new List<string>(ConsentRule.Check(grant, names, catalog));
        var tables = new List<WorkspaceStager.TablePlan>();
        foreach (var name in names)
        {
            var dataset = catalog.Find(name);
            var granted = grant.Datasets.FirstOrDefault(d => string.Equals(d.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (dataset is null || granted is null)
            {
                refusals.Add($"dataset {name} is not available under grant {grant.Id}");
                continue;
            }
            var (plans, refused) = ColumnMasking.For(grant, granted, dataset);
            refusals.AddRange(refused);
            tables.Add(new WorkspaceStager.TablePlan(dataset, plans));
        }
        return refusals.Count > 0 ? (Decision.Deny([.. refusals]), []) : (Decision.Allow, tables);
    }
}
