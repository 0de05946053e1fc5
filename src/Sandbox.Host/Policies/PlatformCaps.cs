using Sandbox.Host.Home;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Policies;

/// <summary>
/// The platform's caps on job limits in force: the document the administrator applied (<c>policies/platform-limits.yaml</c>,
/// stored and audited like every policy), else the one built into the host.
/// </summary>
internal static class PlatformCaps
{
    /// <summary>The store's name for the document.</summary>
    public const string Kind = "platform-limits";

    /// <summary>The caps in force in <paramref name="session"/>'s home.</summary>
    public static PlatformLimits Of(SandboxSession session) =>
        session.Store.FindPolicyDocument(Kind) is { } yaml ? PlatformLimits.Parse("platform-limits (applied)", yaml) : PlatformLimits.BuiltIn;

    /// <summary>Checks a document (bad input names its line and field) and returns its text, as stored.</summary>
    public static string Validate(string file, string yaml)
    {
        PlatformLimits.Parse(file, yaml);
        return yaml;
    }
}
