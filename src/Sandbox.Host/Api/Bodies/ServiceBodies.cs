using Sandbox.Host.Reports;

namespace Sandbox.Host.Api.Bodies;

/// <summary>The health and readiness answer: <c>ok</c> or <c>ready</c>.</summary>
internal sealed record StatusBody(string Status);

/// <summary>The platform's public signing key, to verify bundles and signed reports offline.</summary>
internal sealed record KeyBody(string Algorithm, string PublicKey);

/// <summary>The audit log's verification: ok, how many entries, and every problem found.</summary>
internal sealed record AuditVerifyBody(bool Ok, int Entries, IReadOnlyList<string> Problems);

/// <summary>
/// An annual operation report with its signature: the files' exact text, the manifest listing their hashes and the
/// manifest's Ed25519 signature (hex) under <c>publicKey</c>.
/// </summary>
internal sealed record AnnualReportBody(AnnualReport Report, IReadOnlyDictionary<string, string> Files, string Manifest, string Signature, string PublicKey);
