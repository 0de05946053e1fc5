using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Sandbox.Masking.Techniques;

/// <summary>
/// Deterministic keyed tokens: HMAC-SHA256 (NSec) under a key derived from the master key for one grant,
/// so tokens join within a grant and differ across grants. Tokens have a recognizable format.
/// </summary>
/// <remarks>
/// grant key = HMAC-SHA256(master key, "sandbox/tokenize/v1/" + grant id);
/// token = "tk_" + the first 20 chars of lower-case RFC 4648 base32 of HMAC-SHA256(grant key, UTF-8 value),
/// i.e. 100 bits of the MAC. Instances are safe to share between threads.
/// </remarks>
public sealed class KeyedTokenizer : IDisposable
{
    /// <summary>The prefix every token starts with.</summary>
    public const string Prefix = "tk_";

    /// <summary>Number of base32 characters after <see cref="Prefix"/>.</summary>
    public const int BodyLength = 20;

    /// <summary>Total token length: <see cref="Prefix"/> plus <see cref="BodyLength"/>.</summary>
    public const int TokenLength = 23;

    /// <summary>Length in bytes of a master key.</summary>
    public const int MasterKeyLength = 32;

    private const string DerivationLabel = "sandbox/tokenize/v1/";
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    // Values up to this many UTF-8 bytes are encoded on the stack; longer ones use a pooled array.
    private const int StackLimit = 512;

    private static readonly MacAlgorithm Hmac = MacAlgorithm.HmacSha256;
    private static readonly SearchValues<char> Base32Chars = SearchValues.Create(Base32Alphabet);

    private readonly Key _grantKey;

    // The engine's hot path: the grant key's HMAC pad states, compressed once, so a token of a short value costs two
    // SHA-256 compressions (eight values at a time with AVX2) instead of a keyed HMAC call per value.
    private readonly HmacSha256Pads _pads;
    private bool _disposed;

    /// <summary>Derives the grant's key from the 32-byte master key.</summary>
    /// <exception cref="ArgumentException">The master key is not 32 bytes, or the grant id is empty.</exception>
    public KeyedTokenizer(ReadOnlySpan<byte> masterKey, string grantId)
    {
        if (masterKey.Length != MasterKeyLength)
        {
            throw new ArgumentException($"A master key has {MasterKeyLength} bytes, not {masterKey.Length}.", nameof(masterKey));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(grantId);

        Span<byte> derived = stackalloc byte[32];
        try
        {
            using (var master = Key.Import(Hmac, masterKey, KeyBlobFormat.RawSymmetricKey))
            {
                Hmac.Mac(master, Encoding.UTF8.GetBytes(DerivationLabel + grantId), derived);
            }

            _grantKey = Key.Import(Hmac, derived, KeyBlobFormat.RawSymmetricKey);
            _pads = new HmacSha256Pads(derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>The token of <paramref name="value"/>.</summary>
    /// <exception cref="ObjectDisposedException">The tokenizer has been disposed.</exception>
    public string Tokenize(ReadOnlySpan<char> value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        Span<byte> mac = stackalloc byte[32];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> utf8 = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, utf8);
            Span<byte> normal = stackalloc byte[TokenForm.MaxLength];
            var normalized = TokenForm.Normalize(utf8[..written], normal);
            Hmac.Mac(_grantKey, normalized < 0 ? utf8[..written] : normal[..normalized], mac);
        }
        finally
        {
            // The buffer held a raw sensitive value: clear it before the pool hands it to someone else.
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }

        Span<char> token = stackalloc char[TokenLength];
        Prefix.CopyTo(token);
        WriteBase32(mac, token[Prefix.Length..]);
        return new string(token);
    }

    /// <summary>Writes the token of the UTF-8 encoded value into <paramref name="destination"/> as 23 ASCII bytes.</summary>
    /// <remarks>Equal to <see cref="Tokenize"/> of the decoded text, without any string.</remarks>
    internal void TokenizeUtf8(ReadOnlySpan<byte> utf8, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<uint> mac = stackalloc uint[4];
        Span<byte> normal = stackalloc byte[TokenForm.MaxLength];
        var normalized = TokenForm.Normalize(utf8, normal);
        _pads.Mac(normalized < 0 ? utf8 : normal[..normalized], mac);
        WriteToken(mac[0], mac[1], mac[2], mac[3], destination);
    }

    /// <summary>
    /// The engine's hot path: writes the token of value <paramref name="rows"/>[k] (bytes
    /// <paramref name="utf8"/>[<paramref name="offsets"/>[row]..<paramref name="offsets"/>[row + 1]], Arrow layout) to
    /// <paramref name="destination"/>[23k..23k + 23]; equal to <see cref="TokenizeUtf8"/> of each value.
    /// </summary>
    internal void TokenizeUtf8Rows(ReadOnlySpan<byte> utf8, ReadOnlySpan<int> offsets, ReadOnlySpan<int> rows, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Sha256x8.IsSupported)
        {
            for (var k = 0; k < rows.Length; k++)
            {
                TokenizeUtf8(utf8[offsets[rows[k]]..offsets[rows[k] + 1]], destination.Slice(k * TokenLength, TokenLength));
            }

            return;
        }

        // Short values queue up as padded blocks, eight lanes per Mac8; longer ones (rare) go the scalar way at once.
        Span<uint> blocks = stackalloc uint[8 * 16];
        Span<int> lanes = stackalloc int[8];
        Span<uint> mac = stackalloc uint[4 * 8];
        Span<byte> normal = stackalloc byte[TokenForm.MaxLength];
        var queued = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var raw = utf8[offsets[rows[k]]..offsets[rows[k] + 1]];
            var normalized = TokenForm.Normalize(raw, normal);
            ReadOnlySpan<byte> value = normalized < 0 ? raw : normal[..normalized]; // equal identifiers written differently get one token

            if (value.Length > HmacSha256Pads.MaxShortLength)
            {
                TokenizeUtf8(value, destination.Slice(k * TokenLength, TokenLength));
                continue;
            }

            HmacSha256Pads.PadShort(value, blocks, queued);
            lanes[queued++] = k;
            if (queued == 8)
            {
                WriteTokens8(blocks, lanes, queued, mac, destination);
                queued = 0;
            }
        }

        if (queued > 0)
        {
            WriteTokens8(blocks, lanes, queued, mac, destination); // the idle lanes hash stale blocks, dropped
        }

        blocks.Clear(); // held raw values
        normal.Clear();
    }

    private void WriteTokens8(ReadOnlySpan<uint> blocks, ReadOnlySpan<int> lanes, int used, Span<uint> mac, Span<byte> destination)
    {
        _pads.Mac8(blocks, mac);
        for (var j = 0; j < used; j++)
        {
            WriteToken(mac[j], mac[8 + j], mac[16 + j], mac[24 + j], destination.Slice(lanes[j] * TokenLength, TokenLength));
        }
    }

    // "tk_" + base32 of the MAC's first 100 bits, read straight from its first four big-endian words (the byte
    // stream's order, so it equals WriteBase32 of the MAC bytes): chars 0–11 from hi, one char straddling, 13–19 from lo.
    private static void WriteToken(uint h0, uint h1, uint h2, uint h3, Span<byte> destination)
    {
        var alphabet = "abcdefghijklmnopqrstuvwxyz234567"u8;
        var token = destination[..TokenLength];
        var hi = ((ulong)h0 << 32) | h1;
        var lo = ((ulong)h2 << 32) | h3;
        "tk_"u8.CopyTo(token);
        for (var i = 0; i < 12; i++)
        {
            token[3 + i] = alphabet[(int)(hi >> (59 - (5 * i))) & 31];
        }

        token[15] = alphabet[(int)(((hi & 0xF) << 1) | (lo >> 63))];
        for (var i = 0; i < 7; i++)
        {
            token[16 + i] = alphabet[(int)(lo >> (58 - (5 * i))) & 31];
        }
    }

    /// <summary>True when <paramref name="value"/> has the token format of this deployment.</summary>
    /// <remarks>Exactly "tk_" followed by 20 chars of a–z and 2–7; surrounding text does not count (see <see cref="ContainsToken"/>).</remarks>
    public static bool LooksLikeToken(ReadOnlySpan<char> value) =>
        value.Length == TokenLength
        && value.StartsWith(Prefix, StringComparison.Ordinal)
        && !value[Prefix.Length..].ContainsAnyExcept(Base32Chars);

    /// <summary>True when <paramref name="text"/> contains a token as a whole word (e.g. "id=tk_…;" or "tk_… 12").</summary>
    /// <remarks>
    /// Case-insensitive, unlike <see cref="LooksLikeToken"/>: an upper-cased token is still a leaked token,
    /// since lower-casing it back recovers the join key. A word boundary is any char other than an ASCII
    /// letter, digit or '_' on both sides, so "xtk_…" or a 21-char run does not count.
    /// </remarks>
    public static bool ContainsToken(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var found = text[offset..].IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            var start = offset + found;
            var end = start + TokenLength;
            if (end <= text.Length
                && (start == 0 || !IsWordChar(text[start - 1]))
                && (end == text.Length || !IsWordChar(text[end]))
                && IsBase32IgnoreCase(text[(start + Prefix.Length)..end]))
            {
                return true;
            }

            offset = start + 1;
        }
    }

    /// <summary>A new random 32-byte master key.</summary>
    public static byte[] NewMasterKey() => RandomNumberGenerator.GetBytes(MasterKeyLength);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _grantKey.Dispose();
            _pads.Dispose();
        }
    }

    // RFC 4648 base32 of the leading bytes, 5 bits per char, most significant bits first.
    private static void WriteBase32(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
        var buffer = 0;
        var bits = 0;
        var next = 0;
        for (var i = 0; i < destination.Length; i++)
        {
            if (bits < 5)
            {
                buffer = ((buffer << 8) | bytes[next++]) & 0xFFFF; // at most 12 pending bits matter
                bits += 8;
            }

            bits -= 5;
            destination[i] = Base32Alphabet[(buffer >> bits) & 31];
        }
    }

    private static bool IsBase32IgnoreCase(ReadOnlySpan<char> body)
    {
        foreach (var c in body)
        {
            if (!Base32Chars.Contains(char.ToLowerInvariant(c)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
