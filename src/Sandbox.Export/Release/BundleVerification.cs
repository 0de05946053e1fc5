namespace Sandbox.Export.Release;

/// <summary>The result of verifying a release bundle.</summary>
/// <param name="Ok">True when the signature holds, the files are exactly those listed, unchanged, and the recorded reviews approve the release.</param>
/// <param name="Problems">Every problem found, one sentence each, naming the file; empty when <paramref name="Ok"/>.</param>
public sealed record BundleVerification(bool Ok, IReadOnlyList<string> Problems);
