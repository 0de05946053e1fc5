using Sandbox.Host.Home;
using Sandbox.Policy.Fees;

namespace Sandbox.Host.Reports;

/// <summary>
/// The pricing in force: the document the bureau applied (<c>policies/pricing.yaml</c>, stored, hashed and audited
/// like every policy), or none: without it usage is metered and reported, but not priced.
/// </summary>
internal static class PricingPolicy
{
    /// <summary>The store's name for the document.</summary>
    public const string Kind = "pricing";

    /// <summary>The pricing in force and the SHA-256 of its document, or null.</summary>
    public static (Pricing Pricing, string Sha256)? Of(SandboxSession session)
    {
        var stored = session.Store.FindPolicyDocumentWithHash(Kind);
        return stored is { } s ? (Pricing.Parse("pricing (applied)", s.Yaml), s.Sha256) : null;
    }

    /// <summary>Checks a document (bad input names its line and field) and returns its text, as stored.</summary>
    public static string Validate(string file, string yaml)
    {
        Pricing.Parse(file, yaml);
        return yaml;
    }
}
