using Sandbox.Contracts.Principals;

namespace Sandbox.Export.Review;

/// <summary>Which roles may review each stage: governance the technical stage, an expert or the bureau the comprehensive one, an expert the cross-border one.</summary>
public static class ReviewRoles
{
    /// <summary>The roles that may review <paramref name="stage"/>.</summary>
    public static IReadOnlyList<Role> For(ReviewStage stage) => stage switch
    {
        ReviewStage.Technical => [Role.Governance],
        ReviewStage.Comprehensive => [Role.Expert, Role.Bureau],
        ReviewStage.CrossBorder => [Role.Expert],
        _ => [],
    };

    /// <summary>True when <paramref name="roles"/> hold a role that may review <paramref name="stage"/>.</summary>
    public static bool MayReview(ReviewStage stage, IReadOnlyCollection<Role> roles) => For(stage).Any(roles.Contains);

    /// <summary>The roles among <paramref name="names"/> (as a signed manifest records them); unknown names give no role.</summary>
    public static IReadOnlyList<Role> FromNames(IEnumerable<string> names) =>
        [.. names.Select(n => Roles.Vocabulary.TryParse(n, out var r) ? (Role?)r : null).OfType<Role>()];

    /// <summary>How the roles for <paramref name="stage"/> read in a sentence ("the expert or bureau role").</summary>
    public static string Describe(ReviewStage stage) => $"the {string.Join(" or ", For(stage).Select(r => r.Name()))} role";
}
