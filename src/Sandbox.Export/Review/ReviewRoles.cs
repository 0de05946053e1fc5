namespace Sandbox.Export.Review;

/// <summary>The principal roles (policies/principals.yaml) that may review each stage.</summary>
public static class ReviewRoles
{
    /// <summary>The data governance center: technical review.</summary>
    public const string Governance = "governance";

    /// <summary>An expert: comprehensive review.</summary>
    public const string Expert = "expert";

    /// <summary>The data bureau: comprehensive review.</summary>
    public const string Bureau = "bureau";

    /// <summary>True when <paramref name="roles"/> hold a role that may review <paramref name="stage"/>.</summary>
    public static bool MayReview(ReviewStage stage, IReadOnlyCollection<string> roles) => stage switch
    {
        ReviewStage.Technical => Has(roles, Governance),
        ReviewStage.Comprehensive => Has(roles, Expert) || Has(roles, Bureau),
        ReviewStage.CrossBorder => Has(roles, Expert),
        _ => false,
    };

    private static bool Has(IReadOnlyCollection<string> roles, string role) =>
        roles.Contains(role, StringComparer.OrdinalIgnoreCase);
}
