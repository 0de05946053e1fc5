using NSec.Cryptography;

namespace Sandbox.Export.Release;

/// <summary>Ed25519 release-signing keys as raw bytes: a 32-byte private seed and a 32-byte public key.</summary>
public static class SigningKeys
{
    /// <summary>The length of a raw private key (seed) and of a raw public key.</summary>
    public const int KeyLength = 32;

    private static SignatureAlgorithm Algorithm => SignatureAlgorithm.Ed25519;

    /// <summary>A new random private key: the raw 32-byte Ed25519 seed.</summary>
    public static byte[] NewPrivateKey()
    {
        // The seed must leave NSec to be stored in keys/, hence plaintext export.
        using var key = Key.Create(Algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return key.Export(KeyBlobFormat.RawPrivateKey);
    }

    /// <summary>The raw 32-byte public key of <paramref name="privateKey"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="privateKey"/> is not 32 bytes.</exception>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        using var key = Import(privateKey);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    internal static Key Import(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeyLength)
        {
            throw new ArgumentException($"an Ed25519 private key has {KeyLength} bytes, not {privateKey.Length}", nameof(privateKey));
        }

        return Key.Import(Algorithm, privateKey, KeyBlobFormat.RawPrivateKey);
    }

    internal static byte[] Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> data)
    {
        using var key = Import(privateKey);
        return Algorithm.Sign(key, data);
    }

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/>; false for a malformed key or signature.</summary>
    internal static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (!PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return Algorithm.Verify(key, data, signature);
    }
}
