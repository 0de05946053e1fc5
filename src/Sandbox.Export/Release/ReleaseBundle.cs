using System.Security.Cryptography;
using System.Text.Json;

namespace Sandbox.Export.Release;

/// <summary>
/// A release bundle: a directory of the released files, <c>manifest.json</c> and <c>manifest.sig</c>.
/// <c>manifest.sig</c> holds the raw 64-byte Ed25519 signature of the exact bytes of <c>manifest.json</c>
/// (checkable without this program: <c>openssl pkeyutl -verify -pubin -inkey KEY.pem -rawin
/// -in manifest.json -sigfile manifest.sig</c>).
/// </summary>
public static class ReleaseBundle
{
    /// <summary>The manifest's file name in a bundle.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>The signature's file name in a bundle.</summary>
    public const string SignatureName = "manifest.sig";

    /// <summary>The product registration record's file name in a bundle.</summary>
    public const string RegistrationName = "registration.json";

    /// <summary>
    /// Writes a new bundle at <paramref name="bundleDir"/>: copies the files, lists them with their hashes in
    /// the manifest, signs it. The bundle appears whole or not at all.
    /// </summary>
    /// <param name="bundleDir">The bundle's directory; it must not exist yet.</param>
    /// <param name="filePaths">The approved files; each keeps its file name in the bundle.</param>
    /// <param name="manifest">The manifest; its <see cref="ReleaseManifest.Files"/> and <see cref="ReleaseManifest.PublicKey"/> are filled in here.</param>
    /// <param name="signingPrivateKey">The raw 32-byte Ed25519 private key.</param>
    /// <param name="registration">The product registration record; written as <c>registration.json</c>, listed and signed.</param>
    /// <param name="beforePublish">Called when the bundle is complete in its temporary folder, just before the rename.</param>
    /// <returns>The SHA-256 of the written manifest.json, lowercase hex.</returns>
    /// <exception cref="IOException"><paramref name="bundleDir"/> exists already, or a file cannot be read or written.</exception>
    public static string Write(string bundleDir, IReadOnlyList<string> filePaths, ReleaseManifest manifest, ReadOnlySpan<byte> signingPrivateKey,
        ProductRegistration? registration = null, Action? beforePublish = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleDir);
        ArgumentNullException.ThrowIfNull(filePaths);
        ArgumentNullException.ThrowIfNull(manifest);
        var sources = NamesOf(filePaths);
        byte[] publicKey = SigningKeys.PublicKeyOf(signingPrivateKey);

        // Without the trailing separator, "out/bundle/" has the name "bundle" and the parent "out".
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(bundleDir));
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"{bundleDir}: already exists; a release bundle is never overwritten");
        }

        // 1. Build the bundle in a temporary directory beside the target, so the final rename is atomic
        //    and a crash leaves no half-written bundle under the real name.
        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"{bundleDir}: has no parent directory", nameof(bundleDir));
        string temp = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            // 2. Copy each file, hashing the bytes as they are written, so the hash is of what the bundle holds.
            var files = new List<ManifestFile>();
            foreach (var (name, source) in sources)
            {
                files.Add(Copy(source, Path.Combine(temp, name), name));
            }

            // 3. The registration record names the released files by hash; the manifest lists and so signs it.
            if (registration is not null)
            {
                string registrationPath = Path.Combine(temp, RegistrationName);
                WriteDurably(registrationPath, ManifestJson.Serialize(registration with { ReleaseId = manifest.ReleaseId, Files = [.. files] }));
                files.Add(Hashed(registrationPath, RegistrationName));
            }

            // 4. The manifest, complete, in its one serialization.
            var final = manifest with { FormatVersion = 1, Files = files, PublicKey = Convert.ToHexStringLower(publicKey) };
            byte[] manifestBytes = ManifestJson.Serialize(final);
            WriteDurably(Path.Combine(temp, ManifestName), manifestBytes);

            // 5. The signature over exactly those bytes.
            WriteDurably(Path.Combine(temp, SignatureName), SigningKeys.Sign(signingPrivateKey, manifestBytes));

            // 6. Publish under the real name; Move refuses a target that appeared meanwhile. The folders are flushed on
            //    each side of the rename, so a recorded release never names a bundle a power loss could take back.
            DirectoryDurability.Flush(temp);
            beforePublish?.Invoke();
            Directory.Move(temp, target);
            DirectoryDurability.Flush(parent);
            return Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Verifies a bundle offline: the signature of manifest.json under <paramref name="publicKey"/>, every listed
    /// file present with its size and hash, no file that is not listed, and reviews that approve the release
    /// (<see cref="ReviewProof"/>). Collects every problem.
    /// </summary>
    /// <param name="bundleDir">The bundle's directory, possibly a copy.</param>
    /// <param name="publicKey">The raw 32-byte Ed25519 public key the releasing domain publishes.</param>
    public static BundleVerification Verify(string bundleDir, ReadOnlySpan<byte> publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(bundleDir);
        var problems = new List<string>();
        if (!Directory.Exists(bundleDir))
        {
            return Result([$"{bundleDir}: no such directory"]);
        }

        // 1. The signature.
        string manifestPath = Path.Combine(bundleDir, ManifestName);
        string signaturePath = Path.Combine(bundleDir, SignatureName);
        if (!File.Exists(manifestPath))
        {
            return Result([$"{ManifestName}: missing, so nothing in the bundle can be verified"]);
        }

        byte[] manifestBytes = File.ReadAllBytes(manifestPath);
        if (!File.Exists(signaturePath))
        {
            problems.Add($"{SignatureName}: missing, so the manifest cannot be trusted");
        }
        else if (!SigningKeys.Verify(publicKey, manifestBytes, File.ReadAllBytes(signaturePath)))
        {
            problems.Add($"{SignatureName}: not a valid signature of {ManifestName} under the given public key");
        }

        // 2. The manifest itself.
        ReleaseManifest manifest;
        try
        {
            manifest = ManifestJson.Deserialize(manifestBytes);
        }
        catch (JsonException e)
        {
            problems.Add($"{ManifestName}: not a valid manifest ({e.Message})");
            return Result(problems);
        }

        if (manifest.FormatVersion != 1)
        {
            problems.Add($"{ManifestName}: format version {manifest.FormatVersion} is not supported (expected 1)");
        }

        string givenKey = Convert.ToHexStringLower(publicKey);
        if (!string.Equals(manifest.PublicKey, givenKey, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{ManifestName}: names a different public key than the one given");
        }

        // 3. Every listed file, as listed.
        var listed = new HashSet<string>(StringComparer.Ordinal) { ManifestName, SignatureName };
        foreach (var file in manifest.Files ?? [])
        {
            if (!IsPlainName(file.Name) || !listed.Add(file.Name))
            {
                problems.Add($"{ManifestName}: lists an invalid or duplicate file name");
                continue;
            }

            problems.AddRange(CheckFile(Path.Combine(bundleDir, file.Name), file));
        }

        // 4. The registration record, when there is one, agrees with the manifest.
        if (manifest.Files?.Any(f => f.Name == RegistrationName) == true && File.Exists(Path.Combine(bundleDir, RegistrationName)))
        {
            problems.AddRange(CheckRegistration(Path.Combine(bundleDir, RegistrationName), manifest));
        }

        // 5. The reviews approve the release: a valid signature alone proves nobody reviewed it.
        problems.AddRange(ReviewProof.Check(manifest, OperatorForeign(bundleDir, manifest)));

        // 6. Nothing else.
        foreach (string entry in Directory.EnumerateFileSystemEntries(bundleDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(entry);
            if (!listed.Contains(name))
            {
                problems.Add(Directory.Exists(entry)
                    ? $"{name}/: a directory not listed in the manifest"
                    : $"{name}: a file not listed in the manifest");
            }
        }

        return Result(problems);
    }

    private static IEnumerable<string> CheckRegistration(string path, ReleaseManifest manifest)
    {
        ProductRegistration? registration;
        try
        {
            registration = ManifestJson.DeserializeRegistration(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            return [$"{RegistrationName}: not a valid registration record ({e.Message})"];
        }

        var problems = new List<string>();
        if (registration.ReleaseId != manifest.ReleaseId)
        {
            problems.Add($"{RegistrationName}: names release {registration.ReleaseId}, the manifest {manifest.ReleaseId}");
        }

        if (registration.GrantId != manifest.GrantId)
        {
            problems.Add($"{RegistrationName}: names grant {registration.GrantId}, the manifest {manifest.GrantId}");
        }

        var listed = manifest.Files.Where(f => f.Name != RegistrationName).ToHashSet();
        if (!listed.SetEquals(registration.Files))
        {
            problems.Add($"{RegistrationName}: its files and hashes differ from the manifest's");
        }

        return problems;
    }

    /// <summary>Whether the bundle's registration record names a foreign operator; false without a readable record.</summary>
    private static bool OperatorForeign(string bundleDir, ReleaseManifest manifest)
    {
        string path = Path.Combine(bundleDir, RegistrationName);
        if (manifest.Files?.Any(f => f.Name == RegistrationName) != true || !File.Exists(path))
        {
            return false;
        }

        try
        {
            return ManifestJson.DeserializeRegistration(File.ReadAllBytes(path)).OperatorForeign;
        }
        catch (JsonException)
        {
            // CheckRegistration reports the unreadable record.
            return false;
        }
    }

    private static ManifestFile Hashed(string path, string name)
    {
        using var stream = File.OpenRead(path);
        return new ManifestFile(name, Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }

    private static IEnumerable<string> CheckFile(string path, ManifestFile file)
    {
        if (!File.Exists(path))
        {
            yield return $"{file.Name}: listed in the manifest but missing";
            yield break;
        }

        long bytes = new FileInfo(path).Length;
        if (bytes != file.Bytes)
        {
            yield return $"{file.Name}: has {bytes} bytes, the manifest says {file.Bytes}";
        }

        string sha256;
        using (var stream = File.OpenRead(path))
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        if (!string.Equals(sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{file.Name}: content differs from the manifest (SHA-256 mismatch)";
        }
    }

    /// <summary>Each file's name in the bundle, in a stable order; names must be unique and not the manifest's.</summary>
    private static List<(string Name, string Source)> NamesOf(IReadOnlyList<string> filePaths)
    {
        if (filePaths.Count == 0)
        {
            throw new ArgumentException("a release bundle needs at least one file", nameof(filePaths));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ManifestName, SignatureName, RegistrationName };
        var result = new List<(string, string)>();
        foreach (string path in filePaths)
        {
            string name = Path.GetFileName(path);
            if (!IsPlainName(name) || !seen.Add(name))
            {
                throw new ArgumentException($"{path}: its name '{name}' is empty, reserved or used twice in the bundle", nameof(filePaths));
            }

            result.Add((name, path));
        }

        return [.. result.OrderBy(f => f.Item1, StringComparer.Ordinal)];
    }

    // A manifest may come from anywhere: a listed name must never reach outside the bundle.
    private static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name is not ("." or "..")
        && name.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar, '\0']) < 0;

    private static ManifestFile Copy(string source, string destination, string name)
    {
        using var input = File.OpenRead(source);
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        output.Flush(flushToDisk: true);
        return new ManifestFile(name, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        output.Write(bytes);
        output.Flush(flushToDisk: true);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static BundleVerification Result(List<string> problems) => new(problems.Count == 0, problems);
}
