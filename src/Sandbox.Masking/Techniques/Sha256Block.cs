using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// The SHA-256 compression function (FIPS 180-4 §6.2.2) on one 64-byte block, for <see cref="HmacSha256Pads"/>.
/// </summary>
/// <remarks>
/// Our own, because HMAC over short values is two compressions and the platform APIs cost more in call and
/// finalization overhead than the compressions themselves; the per-grant pad states can be kept as plain words.
/// </remarks>
internal static class Sha256Block
{
    /// <summary>The initial hash value H(0).</summary>
    public static ReadOnlySpan<uint> InitialState =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    /// <summary>The 64 round constants K.</summary>
    public static ReadOnlySpan<uint> K =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Updates the 8-word <paramref name="state"/> with one 64-byte <paramref name="block"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        if (state.Length < 8 || block.Length < 64)
        {
            throw new ArgumentException("SHA-256 needs an 8-word state and a 64-byte block.");
        }

        Span<uint> w = stackalloc uint[16];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * t)..]);
        }

        Compress(state, w);
    }

    /// <summary>Updates the 8-word <paramref name="state"/> with one block given as 16 message words.</summary>
    public static void Compress(Span<uint> state, Span<uint> w)
    {
        if (state.Length < 8 || w.Length < 16)
        {
            throw new ArgumentException("SHA-256 needs an 8-word state and 16 message words.");
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
        // The schedule lives in a 16-word ring (W[t] overwrites W[t-16]); indexing through a ref with t & 15 skips the
        // bounds checks the JIT cannot remove from a masked index, which matter in a 64-round loop.
        ref var w0 = ref MemoryMarshal.GetReference(w);
        var k = K;
        for (var t = 0; t < 64; t++)
        {
            ref var wt = ref Unsafe.Add(ref w0, t & 15);
            if (t >= 16)
            {
                var w15 = Unsafe.Add(ref w0, (t - 15) & 15);
                var w2 = Unsafe.Add(ref w0, (t - 2) & 15);
                wt += (BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10))
                    + Unsafe.Add(ref w0, (t - 7) & 15)
                    + (BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3));
            }

            var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                + (((f ^ g) & e) ^ g) + k[t] + wt; // Ch(e,f,g) in 3 operations
            var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                + (((a | b) & c) | (a & b)); // Maj(a,b,c) in 4 operations
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
