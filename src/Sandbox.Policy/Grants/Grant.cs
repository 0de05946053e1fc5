using Sandbox.Policy.Consent;

namespace Sandbox.Policy.Grants;

/// <summary>
/// A grant (authorization agreement) as written in its policy document: which operator may use which
/// datasets and columns, in which zone and scenario, for which period.
/// </summary>
public sealed record Grant
{
    /// <summary>The grant's id, e.g. <c>nj-credit-2026</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The operator organization the grant is given to.</summary>
    public required OperatorInfo Operator { get; init; }

    /// <summary><c>comprehensive</c> or <c>industry:&lt;name&gt;</c>.</summary>
    public string Zone { get; init; } = string.Empty;

    /// <summary>The application scenario the data may be used for.</summary>
    public string Scenario { get; init; } = string.Empty;

    /// <summary>The days (inclusive) on which the grant may be used.</summary>
    public required GrantPeriod Period { get; init; }

    /// <summary>The day the agreement was signed; null while no agreement exists.</summary>
    public DateOnly? AgreementSigned { get; init; }

    /// <summary>Granted datasets by name (case-insensitive, as DuckDB identifiers are).</summary>
    public required IReadOnlyDictionary<string, GrantedDataset> Datasets { get; init; }

    /// <summary>Columns per dataset for which the grant records consent evidence (personal information, trade secrets).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Consent { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The consent evidence behind <see cref="Consent"/>, one record per dataset entry of the document.</summary>
    public IReadOnlyList<ConsentRecord> ConsentRecords { get; init; } = [];

    /// <summary>The path of the document the grant was loaded from.</summary>
    public string SourceFile { get; init; } = string.Empty;

    /// <summary>
    /// The grant's <c>export:</c> section as YAML (the export gate's limits, which a grant may only tighten), or null.
    /// Validated against the defaults when the grant is applied; applied, hashed and audited with the grant.
    /// </summary>
    public string? ExportLimits { get; init; }

    /// <summary>Lowercase hex SHA-256 of the document's UTF-8 text, so a decision can name exactly what it was based on.</summary>
    public string DocumentSha256 { get; init; } = string.Empty;

    /// <summary>
    /// The state a newly applied grant starts in: <see cref="GrantState.Active"/> when its agreement is
    /// signed already, otherwise <see cref="GrantState.Applied"/> (it then walks the lifecycle).
    /// </summary>
    public GrantState InitialState => AgreementSigned is null ? GrantState.Applied : GrantState.Active;

    /// <summary>True when the grant records consent for <paramref name="column"/> of <paramref name="dataset"/>.</summary>
    public bool HasConsent(string dataset, string column) =>
        Consent.FirstOrDefault(c => string.Equals(c.Key, dataset, StringComparison.OrdinalIgnoreCase)).Value is { } columns
        && columns.Contains(column, StringComparer.OrdinalIgnoreCase);
}
