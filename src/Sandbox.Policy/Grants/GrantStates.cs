using Sandbox.Contracts;

namespace Sandbox.Policy.Grants;

/// <summary>The grant-state vocabulary: the names the store, the audit log, the CLI and the API use.</summary>
public static class GrantStates
{
    /// <summary>The contract names (<c>under-review</c>).</summary>
    public static Vocabulary<GrantState> Vocabulary { get; } = new("grant state", new Dictionary<GrantState, string>
    {
        [GrantState.Applied] = "applied",
        [GrantState.UnderReview] = "under-review",
        [GrantState.Publicized] = "publicized",
        [GrantState.Active] = "active",
        [GrantState.Suspended] = "suspended",
        [GrantState.Terminated] = "terminated",
        [GrantState.Expired] = "expired",
    });

    /// <summary>True once the grant has ended for good (terminated or expired).</summary>
    public static bool IsEnded(this GrantState state) => state is GrantState.Terminated or GrantState.Expired;

    /// <summary>The contract name of <paramref name="state"/>.</summary>
    public static string Name(this GrantState state) => Vocabulary.Name(state);
}
