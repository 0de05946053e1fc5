namespace Sandbox.Export.Release;

/// <summary>
/// The product registration record of a release (<c>registration.json</c> in the bundle) for the data exchange:
/// what was released, by whom, under which grant and scenario, from which sources. Signed with the bundle: the
/// manifest lists it with its hash, and verification checks it agrees with the manifest.
/// </summary>
public sealed record ProductRegistration
{
    /// <summary>The data product's name as registered.</summary>
    public required string ProductName { get; init; }

    /// <summary>The operator organization's id.</summary>
    public required string OperatorId { get; init; }

    /// <summary>The operator organization's name.</summary>
    public required string OperatorName { get; init; }

    /// <summary>True for a foreign or foreign-funded operator.</summary>
    public bool OperatorForeign { get; init; }

    /// <summary>The grant the product was made under.</summary>
    public required string GrantId { get; init; }

    /// <summary>The grant's application scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>What the product is: <c>data</c> (a table, a text, a figure) or <c>model</c> (a trained model, seed §11).</summary>
    public string Kind { get; init; } = "data";

    /// <summary>For a model: the model card's file name in the bundle; null otherwise.</summary>
    public string? ModelCard { get; init; }

    /// <summary>The source datasets, by content hash.</summary>
    public IReadOnlyList<ManifestDataset> Sources { get; init; } = [];

    /// <summary>The release id; <see cref="ReleaseBundle.Write"/> fills it in from the manifest.</summary>
    public string ReleaseId { get; init; } = "";

    /// <summary>The released files with their hashes; <see cref="ReleaseBundle.Write"/> fills them in.</summary>
    public IReadOnlyList<ManifestFile> Files { get; init; } = [];
}
