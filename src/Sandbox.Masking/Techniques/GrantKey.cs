using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Sandbox.Masking.Techniques;

/// <summary>Per-grant HMAC keys: HMAC-SHA256(master key, label + grant id), one label per technique.</summary>
internal static class GrantKey
{
    public static readonly MacAlgorithm Hmac = MacAlgorithm.HmacSha256;

    public static Key Derive(ReadOnlySpan<byte> masterKey, string label, string grantId)
    {
        if (masterKey.Length != KeyedTokenizer.MasterKeyLength)
        {
            throw new ArgumentException($"A master key has {KeyedTokenizer.MasterKeyLength} bytes, not {masterKey.Length}.", nameof(masterKey));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(grantId);
        Span<byte> derived = stackalloc byte[32];
        try
        {
            using (var master = Key.Import(Hmac, masterKey, KeyBlobFormat.RawSymmetricKey))
            {
                Hmac.Mac(master, Encoding.UTF8.GetBytes(label + grantId), derived);
            }

            return Key.Import(Hmac, derived, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>A uniform number in [0, 1) from the first 8 bytes of the MAC of <paramref name="data"/>.</summary>
    public static double Uniform(Key key, ReadOnlySpan<byte> data)
    {
        Span<byte> mac = stackalloc byte[32];
        Hmac.Mac(key, data, mac);
        // 53 random bits: exactly the precision of a double's mantissa.
        return (BitConverter.ToUInt64(mac) >> 11) * (1.0 / (1UL << 53));
    }
}
