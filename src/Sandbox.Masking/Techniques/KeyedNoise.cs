using System.Buffers.Binary;
using NSec.Cryptography;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// Multiplicative noise that is deterministic per value and grant: value × (1 + scale × u), u ∈ [−1, 1) from
/// HMAC(grant key, value). The same value always gets the same noise, so averaging repeated releases of it
/// recovers nothing; another grant gets other noise.
/// </summary>
public sealed class KeyedNoise : IDisposable
{
    private const string DerivationLabel = "sandbox/noise/v1/";

    private readonly Key _key;
    private bool _disposed;

    /// <summary>Derives the grant's noise key from the 32-byte master key.</summary>
    /// <exception cref="ArgumentException">The master key is not 32 bytes, or the grant id is empty.</exception>
    public KeyedNoise(ReadOnlySpan<byte> masterKey, string grantId) => _key = GrantKey.Derive(masterKey, DerivationLabel, grantId);

    /// <summary>The noisy form of <paramref name="value"/>; NaN and infinities are returned as they are.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not in [0, 1].</exception>
    public double Apply(double value, double scale)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (scale is < 0 or > 1 || double.IsNaN(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Noise scale is in [0, 1].");
        }

        if (!double.IsFinite(value))
        {
            return value;
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        var u = (2 * GrantKey.Uniform(_key, bytes)) - 1;
        return value * (1 + (scale * u));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }
    }
}
