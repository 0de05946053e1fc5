using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Jobs;

/// <summary>Container and ML jobs: grant state and period; the workspace holds every granted dataset.</summary>
internal static class ContainerJobAdmission
{
    public static (Decision, IReadOnlyList<WorkspaceStager.TablePlan>) Admit(SandboxSession session, JobSpec spec, Grant grant, GrantState state)
    {
        if (state != GrantState.Active) return (Decision.Deny($"grant {grant.Id} is {state.ToString().ToLowerInvariant()}, not active"), []);
        if (!grant.Period.Contains(session.Today))
        {
            return (Decision.Deny($"grant {grant.Id} is valid {grant.Period.From:yyyy-MM-dd}..{grant.Period.To:yyyy-MM-dd}, not on {session.Today:yyyy-MM-dd}"), []);
        }
        // The image must be on the approved list: checked by the docker backend, which knows the engine's digests.
        _ = spec;
        return JobAdmission.Plan(session, grant, grant.Datasets.Keys);
    }
}
