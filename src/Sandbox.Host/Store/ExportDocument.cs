using Sandbox.Export.Checks;

namespace Sandbox.Host.Store;

/// <summary>
/// What an export record keeps beside its state (stored as the record's report JSON): the report of the file under
/// review, the export policy applied, and, for a mitigated output, the unmitigated result — the audit keeps both.
/// </summary>
/// <param name="Report">The check report of the file under review.</param>
/// <param name="PolicySha256">The SHA-256 of the export policy the checks applied.</param>
/// <param name="Mitigation">The mitigation applied (<c>suppress</c>, <c>round5</c>, <c>midpoint6</c>), or null.</param>
/// <param name="Unmitigated">The report of the unmitigated output, for a mitigated export.</param>
/// <param name="UnmitigatedSha256">The hash of the unmitigated output, for a mitigated export.</param>
/// <param name="Round">The review round: 1, then one more per resubmission or reset.</param>
/// <param name="SubmittedAt">When this round began.</param>
/// <param name="ReviewsBefore">How many review decisions were recorded before this round: only later ones count.</param>
/// <param name="CheckedSha256">The hash of the file as checked in this round (the store keeps the first request's).</param>
/// <param name="CrossBorder">True when the grant's operator is foreign: a cross-border stage is due.</param>
public sealed record ExportDocument(
    CheckReport Report, string PolicySha256, string? Mitigation, CheckReport? Unmitigated, string? UnmitigatedSha256,
    int Round, DateTimeOffset SubmittedAt, bool CrossBorder, int ReviewsBefore = 0, string? CheckedSha256 = null);
