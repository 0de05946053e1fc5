namespace Sandbox.Export.Release;

/// <summary>A dataset the released output was computed from, by its content hash.</summary>
/// <param name="Name">The dataset's name in the catalog.</param>
/// <param name="Sha256">The SHA-256 of the dataset's stored content, lowercase hex.</param>
public sealed record ManifestDataset(string Name, string Sha256);
