using Sandbox.Host.Exports;
using Sandbox.Host.Home;
using Sandbox.Host.Staging;
using Sandbox.Policy.Access;
using Sandbox.Policy.Grants;
using Sandbox.Policy.Jobs;
using Sandbox.Policy.Queries;

namespace Sandbox.Host.Jobs;

/// <summary>
/// ML jobs: the training query passes the same gate as a SQL job's query — a single SELECT over granted tables and
/// columns, under the grant's column rules. So an aggregate-only, join-only or forbidden column can never be a raw
/// feature or label (it would be an output of the query), and only the tables the query reads are staged. A scoring
/// job (<c>predict:</c>) passes the same gate with its scoring query, and names a model its organization released.
/// </summary>
internal static class MlJobAdmission
{
    /// <summary>The name the training query is judged under (it writes no output of that name).</summary>
    public const string TrainingQuery = "training";

    public static (Decision, IReadOnlyList<WorkspaceStager.TablePlan>) Admit(
        SandboxSession session, JobSpec spec, Grant grant, GrantState state, IReadOnlyList<(string Name, SqlStatement Statement)> statements)
    {
        if (spec.Ml is null) return (Decision.Deny("an ml job needs task, query, label, features and trainer"), []);
        var admitted = SqlJobAdmission.Admit(session, grant, state, statements);
        // A scoring job applies a released model of its own organization to rows the same gate admitted.
        if (spec.Ml.Predict is { } exportId && ReleasedModels.Resolve(session, exportId, grant).Refusal is { } refusal)
        {
            return (admitted.Item1.Allowed ? Decision.Deny(refusal) : Decision.Deny([.. admitted.Item1.Reasons, refusal]), []);
        }
        return admitted;
    }
}
