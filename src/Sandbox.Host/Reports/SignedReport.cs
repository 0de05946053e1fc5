using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using Sandbox.Host.Home;

namespace Sandbox.Host.Reports;

/// <summary>
/// An annual operation report signed like a release bundle: <c>report.json</c> and <c>report.md</c>, a
/// <c>manifest.json</c> listing both with their sizes and SHA-256, and <c>manifest.sig</c>, the raw Ed25519 signature of
/// the manifest's exact bytes under the home's signing key (the key <c>GET /v1/keys</c> publishes).
/// </summary>
internal sealed record SignedReport(AnnualReport Report, IReadOnlyDictionary<string, byte[]> Files, byte[] Manifest, byte[] Signature)
{
    /// <summary>The manifest's SHA-256, lowercase hex.</summary>
    public string ManifestSha256 => Convert.ToHexStringLower(SHA256.HashData(Manifest));

    /// <summary>The manifest: what is signed.</summary>
    public sealed record ManifestDocument(
        string Kind, string Operator, int Year, DateOnly From, DateOnly To, DateTimeOffset GeneratedAt, string GeneratedBy,
        IReadOnlyList<FileEntry> Files, string PublicKey);

    /// <summary>One signed file.</summary>
    public sealed record FileEntry(string Name, long Bytes, string Sha256);

    /// <summary>Renders the report as JSON and Markdown and signs the manifest of both.</summary>
    public static SignedReport Sign(SandboxSession session, AnnualReport report)
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            // Written by ObjectJson: the serializer's very bytes, without reflection-based shapes (the native image has none).
            ["report.json"] = Encoding.UTF8.GetBytes(Jsons.SerializeIndented(report)),
            ["report.md"] = Encoding.UTF8.GetBytes(AnnualMarkdown.Render(report)),
        };
        var manifest = new ManifestDocument(
            "annual-operation-report", report.Operator, report.Year, report.From, report.To, session.Time.GetUtcNow(), session.Actor,
            [.. files.Select(f => new FileEntry(f.Key, f.Value.Length, Convert.ToHexStringLower(SHA256.HashData(f.Value))))], session.PublicKeyHex);
        var bytes = Encoding.UTF8.GetBytes(Jsons.SerializeIndented(manifest));
        using var key = Key.Import(SignatureAlgorithm.Ed25519, session.SigningKey, KeyBlobFormat.RawPrivateKey);
        return new SignedReport(report, files, bytes, SignatureAlgorithm.Ed25519.Sign(key, bytes));
    }

    /// <summary>
    /// Writes the signed report to <paramref name="directory"/>, which must not exist: built beside it, each file
    /// flushed to disk, then renamed into place, so it appears whole or not at all.
    /// </summary>
    public void Write(string directory)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (Directory.Exists(target) || File.Exists(target)) throw new InputException($"{directory}: already exists; a signed report is never overwritten");
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            foreach (var (name, bytes) in Files.Append(new("manifest.json", Manifest)).Append(new("manifest.sig", Signature)))
            {
                using var stream = new FileStream(Path.Combine(temp, name), FileMode.CreateNew, FileAccess.Write);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            Directory.Move(temp, target);
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Checks a signed report directory offline: the signature of manifest.json under <paramref name="publicKey"/>,
    /// every listed file with its size and hash, and no other file. Returns every problem; none means valid.
    /// </summary>
    public static IReadOnlyList<string> Verify(string directory, ReadOnlySpan<byte> publicKey)
    {
        var problems = new List<string>();
        var manifestPath = Path.Combine(directory, "manifest.json");
        var signaturePath = Path.Combine(directory, "manifest.sig");
        if (!File.Exists(manifestPath) || !File.Exists(signaturePath)) return ["manifest.json or manifest.sig is missing"];
        var manifestBytes = File.ReadAllBytes(manifestPath);
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null
            || !SignatureAlgorithm.Ed25519.Verify(key, manifestBytes, File.ReadAllBytes(signaturePath)))
        {
            problems.Add("manifest.sig: not a valid signature of manifest.json under the given public key");
        }
        var manifest = JsonSerializer.Deserialize(manifestBytes, SignedReportJson.Manifest)!;
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(directory, Path.GetFileName(file.Name));
            if (!File.Exists(path)) problems.Add($"{file.Name}: missing");
            else if (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) != file.Sha256) problems.Add($"{file.Name}: its SHA-256 differs from the manifest's");
        }
        var listed = manifest.Files.Select(f => f.Name).Append("manifest.json").Append("manifest.sig").ToHashSet(StringComparer.Ordinal);
        problems.AddRange(Directory.EnumerateFiles(directory).Select(Path.GetFileName).Where(n => !listed.Contains(n!)).Select(n => $"{n}: not listed in the manifest"));
        return problems;
    }
}

/// <summary>The signed manifest's shape, generated at compile time (the native image has no reflection-based shapes).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(SignedReport.ManifestDocument))]
internal sealed partial class SignedReportJson : System.Text.Json.Serialization.JsonSerializerContext
{
    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<SignedReport.ManifestDocument>? _manifest;

    /// <summary>The manifest read with the contracts' options (made on first use: <see cref="Default"/> is set by the generated half).</summary>
    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<SignedReport.ManifestDocument> Manifest => _manifest ??= Jsons.Shape<SignedReport.ManifestDocument>(Default);
}
