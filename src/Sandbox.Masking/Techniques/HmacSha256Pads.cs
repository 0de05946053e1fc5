using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// HMAC-SHA256 (RFC 2104) under one fixed key with the key's inner and outer pad blocks compressed once: a MAC
/// then costs only the message's blocks plus one outer block, i.e. two compressions for a value of up to 55 bytes.
/// </summary>
/// <remarks>
/// HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)); both pads are exactly one block, so the states after them are
/// fixed per key. Those states are as secret as the key itself: they are zeroed on <see cref="Dispose"/>.
/// </remarks>
internal sealed class HmacSha256Pads : IDisposable
{
    /// <summary>The longest message that fits the inner hash's single final block (64 − 1 byte 0x80 − 8 length bytes).</summary>
    public const int MaxShortLength = 55;

    // Bit length of the outer hash's input: the 64-byte opad block plus the 32-byte inner digest.
    private const uint OuterBits = (64 + 32) * 8;

    // [0..8]: state after K ⊕ ipad; [8..16]: state after K ⊕ opad.
    private readonly uint[] _states = new uint[16];

    /// <summary>Precomputes the pad states of a key of at most 64 bytes.</summary>
    public HmacSha256Pads(ReadOnlySpan<byte> key)
    {
        if (key.Length > 64)
        {
            throw new ArgumentException("Keys longer than one block are hashed first; not needed here.", nameof(key));
        }

        Span<byte> pad = stackalloc byte[64];
        try
        {
            foreach (var (offset, fill) in new[] { (0, (byte)0x36), (8, (byte)0x5c) })
            {
                pad.Fill(fill);
                for (var i = 0; i < key.Length; i++)
                {
                    pad[i] ^= key[i];
                }

                var state = _states.AsSpan(offset, 8);
                Sha256Block.InitialState.CopyTo(state);
                Sha256Block.Compress(state, (ReadOnlySpan<byte>)pad);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pad);
        }
    }

    /// <summary>The first four words (16 bytes, big-endian) of HMAC(key, <paramref name="message"/>), for any length.</summary>
    public void Mac(ReadOnlySpan<byte> message, Span<uint> first4)
    {
        Span<uint> state = stackalloc uint[8];
        _states.AsSpan(0, 8).CopyTo(state);
        var bits = (ulong)(64 + message.Length) * 8;
        while (message.Length >= 64)
        {
            Sha256Block.Compress(state, message[..64]);
            message = message[64..];
        }

        // Final inner block(s): the rest, 0x80, zeros, then the 64-bit bit length at the very end.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        message.CopyTo(tail);
        tail[message.Length] = 0x80;
        var tailLength = message.Length <= MaxShortLength ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], bits);
        Sha256Block.Compress(state, (ReadOnlySpan<byte>)tail[..64]);
        if (tailLength == 128)
        {
            Sha256Block.Compress(state, (ReadOnlySpan<byte>)tail[64..]);
        }

        tail.Clear(); // held raw value bytes

        // Outer block: the inner digest's words are already the message words, so no byte order conversion.
        Span<uint> w = stackalloc uint[16];
        state.CopyTo(w);
        w[8] = 0x80000000;
        w[9..15].Clear();
        w[15] = OuterBits;
        _states.AsSpan(8, 8).CopyTo(state);
        Sha256Block.Compress(state, w);
        state[..4].CopyTo(first4);
    }

    /// <summary>
    /// Writes the inner hash's single final block for a value of at most <see cref="MaxShortLength"/> bytes as lane
    /// <paramref name="lane"/> of <paramref name="blocks"/>, word-major: word t of lane j at [8t + j], as <see cref="Mac8"/> reads them.
    /// </summary>
    public static void PadShort(ReadOnlySpan<byte> value, Span<uint> blocks, int lane)
    {
        // Word-major so Mac8 loads each message word of all eight lanes as one vector, with no transposition; the
        // words are built straight from the value (big-endian, as SHA-256 reads them) instead of via a padded copy.
        var words = blocks[lane..];
        var whole = value.Length >> 2;
        for (var t = 0; t < whole; t++)
        {
            words[8 * t] = BinaryPrimitives.ReadUInt32BigEndian(value[(4 * t)..]);
        }

        // The word holding the last 0–3 value bytes and the 0x80 terminator, then zeros up to the length word.
        var tail = 0x80u << (24 - (8 * (value.Length & 3)));
        for (var i = 4 * whole; i < value.Length; i++)
        {
            tail |= (uint)value[i] << (24 - (8 * (i & 3)));
        }

        words[8 * whole] = tail;
        for (var t = whole + 1; t < 15; t++)
        {
            words[8 * t] = 0;
        }

        words[8 * 15] = (uint)(64 + value.Length) * 8; // the bit length after the ipad block; < 2^32 here
    }

    /// <summary>
    /// HMACs of eight short values at once: <paramref name="blocks"/> holds their final inner blocks from
    /// <see cref="PadShort"/>; <paramref name="first4"/> receives word i of lane j at [8i + j].
    /// </summary>
    public void Mac8(ReadOnlySpan<uint> blocks, Span<uint> first4)
    {
        if (blocks.Length < 128 || first4.Length < 32)
        {
            throw new ArgumentException("Eight lanes need 128 block words and 32 result words.");
        }

        Span<Vector256<uint>> state = stackalloc Vector256<uint>[8];
        Span<Vector256<uint>> w = stackalloc Vector256<uint>[16];
        for (var t = 0; t < 16; t++)
        {
            w[t] = Vector256.Create(blocks.Slice(8 * t, 8));
        }

        for (var i = 0; i < 8; i++)
        {
            state[i] = Vector256.Create(_states[i]);
        }

        Sha256x8.Compress(state, w);

        // Outer block per lane: inner digest, 0x80 padding, the fixed bit length.
        state.CopyTo(w);
        w[8] = Vector256.Create(0x80000000u);
        w[9..15].Clear();
        w[15] = Vector256.Create(OuterBits);
        for (var i = 0; i < 8; i++)
        {
            state[i] = Vector256.Create(_states[8 + i]);
        }

        Sha256x8.Compress(state, w);
        for (var i = 0; i < 4; i++)
        {
            state[i].CopyTo(first4[(8 * i)..]);
        }
    }

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_states.AsSpan()));
}
