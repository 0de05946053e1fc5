namespace Sandbox.Export.Release;

/// <summary>A file of a release bundle as its manifest lists it.</summary>
/// <param name="Name">The file name inside the bundle (no directories).</param>
/// <param name="Sha256">The SHA-256 of the file's bytes, lowercase hex.</param>
/// <param name="Bytes">The file's size.</param>
public sealed record ManifestFile(string Name, string Sha256, long Bytes);
