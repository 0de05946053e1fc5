using Sandbox.Host.Home;
using Sandbox.Host.Images;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Jobs;

/// <summary>Container jobs: grant state and period, the approved image; the workspace holds the tables the job declares (every granted one without <c>tables:</c>).</summary>
internal static class ContainerJobAdmission
{
    public static (Decision, IReadOnlyList<WorkspaceStager.TablePlan>) Admit(SandboxSession session, JobSpec spec, Grant grant, GrantState state)
    {
        if (state != GrantState.Active) return (Decision.Deny($"grant {grant.Id} is {state.ToString().ToLowerInvariant()}, not active"), []);
        if (!grant.Period.Contains(session.Today))
        {
            return (Decision.Deny($"grant {grant.Id} is valid {grant.Period.From:yyyy-MM-dd}..{grant.Period.To:yyyy-MM-dd}, not on {session.Today:yyyy-MM-dd}"), []);
        }
        // The image must be on the approved list (a policy); the docker backend also checks the engine's image ID.
        var approved = ApprovedImages.Of(session.Store);
        if (spec.Image is not { Length: > 0 } image) return (Decision.Deny($"image: a {spec.Kind} job must name an approved image ({approved.Describe()})"), []);
        if (!approved.Contains(image))
        {
            return (Decision.Deny($"image: '{image}' is not on the approved list (policies/images.yaml: {approved.Describe()})"), []);
        }
        // Only the tables the job declares are mounted (`tables:`); without the key, every table of the grant.
        if (spec.Tables.Count == 0) return JobAdmission.Plan(session, grant, grant.Datasets.Keys);
        var missing = spec.Tables.Where(t => !grant.Datasets.Keys.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (missing.Count > 0)
        {
            return (Decision.Deny([.. missing.Select(t => $"tables: {t} is not granted under {grant.Id} (granted: {string.Join(", ", grant.Datasets.Keys.Order(StringComparer.Ordinal))})")]), []);
        }
        return JobAdmission.Plan(session, grant, spec.Tables);
    }
}
