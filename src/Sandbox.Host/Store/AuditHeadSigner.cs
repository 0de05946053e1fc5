using NSec.Cryptography;

namespace Sandbox.Host.Store;

/// <summary>Signs and verifies the audit head with the home's Ed25519 key.</summary>
internal sealed class AuditHeadSigner(byte[] privateKey)
{
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey);
        return SignatureAlgorithm.Ed25519.Sign(key, data);
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey);
        return SignatureAlgorithm.Ed25519.Verify(key.PublicKey, data, signature);
    }
}
