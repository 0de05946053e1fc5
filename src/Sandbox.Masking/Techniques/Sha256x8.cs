using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// Eight independent SHA-256 compressions at once, one per 32-bit lane of <see cref="Vector256{T}"/> (multi-buffer
/// SHA-256): the same rounds as <see cref="Sha256Block"/>, each operation applied to eight values' states.
/// </summary>
/// <remarks>
/// SHA-256 is a serial chain within one message but values of a column are independent, so lanes are the
/// parallelism. Only worth it where <see cref="Vector256.IsHardwareAccelerated"/> (AVX2 on x64); callers check
/// <see cref="IsSupported"/> and fall back to <see cref="Sha256Block"/>.
/// </remarks>
internal static class Sha256x8
{
    /// <summary>True when 256-bit integer vectors run in hardware.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Updates the eight lanes' states <paramref name="state"/>[0..8] with one block each, given as 16 message words <paramref name="w"/> (overwritten).</summary>
    /// <remarks>
    /// Compiled optimized at its first call: ahead-of-time images leave out 256-bit vector code (it depends on the
    /// machine's instruction set), so it was compiled at run time, first unoptimized (Rotr a call, not inlined), and a
    /// first use spent as long in that version as in the optimized one (a profile of `grant prepare` at 1M rows).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> w)
    {
        if (state.Length < 8 || w.Length < 16)
        {
            throw new ArgumentException("SHA-256 needs an 8-word state and 16 message words.");
        }

        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        // A 16-word ring as in Sha256Block; the ref with t & 15 avoids bounds checks the JIT keeps for masked indexes.
        ref var w0 = ref MemoryMarshal.GetReference(w);
        var k = Sha256Block.K;
        for (var t = 0; t < 64; t++)
        {
            ref var wt = ref Unsafe.Add(ref w0, t & 15);
            if (t >= 16)
            {
                var w15 = Unsafe.Add(ref w0, (t - 15) & 15);
                var w2 = Unsafe.Add(ref w0, (t - 2) & 15);
                wt += (Rotr(w2, 17) ^ Rotr(w2, 19) ^ Vector256.ShiftRightLogical(w2, 10))
                    + Unsafe.Add(ref w0, (t - 7) & 15)
                    + (Rotr(w15, 7) ^ Rotr(w15, 18) ^ Vector256.ShiftRightLogical(w15, 3));
            }

            var t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + (((f ^ g) & e) ^ g) + Vector256.Create(k[t]) + wt;
            var t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + (((a | b) & c) | (a & b));
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

    // AVX2 has no vector rotate: two immediate shifts and an OR (the constant count folds after inlining).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotr(Vector256<uint> x, [System.Diagnostics.CodeAnalysis.ConstantExpected(Min = 1, Max = 31)] int n) =>
        Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}
