namespace Sandbox.Host.Store;

/// <summary>An image as <c>sandbox image build</c> left it: the engine's image ID and the recipe it was made from.</summary>
/// <param name="Name">The image name (<c>sandbox/runner</c>).</param>
/// <param name="Id">The engine's content-addressed image ID (<c>sha256:…</c>).</param>
/// <param name="Recipe">The SHA-256 of the recipe (suite, packages, runner files).</param>
/// <param name="RecordedAt">When this home recorded it.</param>
public sealed record ImageRecord(string Name, string Id, string Recipe, DateTimeOffset RecordedAt);
