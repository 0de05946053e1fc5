namespace Sandbox.Policy.Consent;

/// <summary>
/// The consent evidence a grant records for columns holding personal information or trade secrets (seed §7):
/// the persons or organizations concerned agreed to this use.
/// </summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Columns">The columns the consent covers.</param>
/// <param name="Evidence">Where the evidence is kept (a document reference); null when the grant only states it.</param>
/// <param name="Obtained">The day the consent was obtained, when recorded.</param>
public sealed record ConsentRecord(string Dataset, IReadOnlyList<string> Columns, string? Evidence, DateOnly? Obtained);
