using NSec.Cryptography;

namespace Sandbox.Host.Store;

/// <summary>
/// Signs and verifies the audit head with the home's Ed25519 key. The key is imported once, at the first use, and
/// kept for the session: importing puts it in fresh guarded memory (libsodium), which cost more than the signature.
/// </summary>
internal sealed class AuditHeadSigner(byte[] privateKey) : IDisposable
{
    private readonly Lock _gate = new();
    private Key? _key;
    private bool _disposed;

    public byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(Key(), data);

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        SignatureAlgorithm.Ed25519.Verify(Key().PublicKey, data, signature);

    private Key Key()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key ??= NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, privateKey, KeyBlobFormat.RawPrivateKey);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _key?.Dispose();
            _key = null;
        }
    }
}
