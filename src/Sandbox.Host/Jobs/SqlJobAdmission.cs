using Sandbox.Host.Home;
using Sandbox.Host.Policies;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Jobs;

/// <summary>SQL jobs: grant state and period, every referenced table and column granted, masking overrides allowed.</summary>
internal static class SqlJobAdmission
{
    public static (Decision, IReadOnlyList<WorkspaceStager.TablePlan>) Admit(
        SandboxSession session, Grant grant, GrantState state, IReadOnlyList<(string Name, SqlStatement Statement)> statements)
    {
        var catalog = new StoreCatalog(session.Store);
        var decision = SqlJobAuthorizer.Authorize(grant, state, session.Today, statements, catalog);
        if (!decision.Allowed) return (decision, []);
        // Only the tables the queries read are staged: the minimum necessary.
        return JobAdmission.Plan(session, grant, statements.SelectMany(s => s.Statement.Tables).Select(t => t.Name), catalog);
    }
}
