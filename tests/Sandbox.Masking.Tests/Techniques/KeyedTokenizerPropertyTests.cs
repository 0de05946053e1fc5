using System.Security.Cryptography;
using System.Text;
using FsCheck.Xunit;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

/// <summary>
/// The fast token paths (precomputed HMAC pads, own SHA-256, eight-lane batches, base32 from words) against the
/// BCL's <see cref="HMACSHA256"/> of the value's normal form (<see cref="TokenForm"/>) over random values: every length 0–200, ASCII and non-ASCII, short and long mixed.
/// </summary>
public sealed class KeyedTokenizerPropertyTests
{
    private static readonly byte[] MasterKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] GrantKey = HMACSHA256.HashData(MasterKey, Encoding.UTF8.GetBytes("sandbox/tokenize/v1/prop"));

    // ASCII digits and letters, Latin-1, CJK (3 UTF-8 bytes) and an astral emoji (a surrogate pair, 4 bytes).
    private static readonly string[] Pieces = ["0", "7", "X", "a", "-", " ", "é", "ß", "张", "三", "·", "😀"];

    [Property(MaxTest = 300)]
    public void TokenizeUtf8_RandomValue_EqualsHmacSha256(int seed)
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "prop");
        var value = Text(new Random(seed), new Random(seed).Next(201));
        var utf8 = Encoding.UTF8.GetBytes(value);
        var token = new byte[KeyedTokenizer.TokenLength];

        tokenizer.TokenizeUtf8(utf8, token);

        Assert.Equal(Expected(utf8), Encoding.ASCII.GetString(token));
        Assert.Equal(Expected(utf8), tokenizer.Tokenize(value));
    }

    [Property(MaxTest = 100)]
    public void TokenizeUtf8Rows_RandomColumn_EqualsHmacSha256PerValue(int seed)
    {
        // 1–40 values so partial lanes occur; lengths cluster around the one-block limit (55/56 bytes) and 64.
        using var tokenizer = new KeyedTokenizer(MasterKey, "prop");
        var random = new Random(seed);
        var values = Enumerable.Range(0, random.Next(1, 41))
            .Select(_ => Encoding.UTF8.GetBytes(Text(random, random.Next(3) == 0 ? random.Next(50, 70) : random.Next(201))))
            .ToArray();
        var utf8 = values.SelectMany(v => v).ToArray();
        var offsets = new int[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            offsets[i + 1] = offsets[i] + values[i].Length;
        }

        // Every other row, as the engine passes only non-null rows.
        var rows = Enumerable.Range(0, values.Length).Where(i => i % 2 == 0 || random.Next(2) == 0).ToArray();
        var tokens = new byte[rows.Length * KeyedTokenizer.TokenLength];

        tokenizer.TokenizeUtf8Rows(utf8, offsets, rows, tokens);

        for (var k = 0; k < rows.Length; k++)
        {
            Assert.Equal(Expected(values[rows[k]]), Encoding.ASCII.GetString(tokens, k * KeyedTokenizer.TokenLength, KeyedTokenizer.TokenLength));
        }
    }

    [Property(MaxTest = 200)]
    public void TokenizeUtf8_RandomBytes_EqualsHmacSha256(byte[] bytes)
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "prop");
        var token = new byte[KeyedTokenizer.TokenLength];

        tokenizer.TokenizeUtf8(bytes, token);

        Assert.Equal(Expected(bytes), Encoding.ASCII.GetString(token));
    }

    [Fact]
    public void TokenizeUtf8_EveryLengthUpTo200_EqualsHmacSha256()
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "prop");
        var token = new byte[KeyedTokenizer.TokenLength];
        for (var length = 0; length <= 200; length++)
        {
            var utf8 = Enumerable.Range(0, length).Select(i => (byte)(i * 31)).ToArray();

            tokenizer.TokenizeUtf8(utf8, token);

            Assert.Equal(Expected(utf8), Encoding.ASCII.GetString(token));
        }
    }

    private static string Text(Random random, int pieces) =>
        string.Concat(Enumerable.Range(0, pieces).Select(_ => Pieces[random.Next(Pieces.Length)]))[..Math.Min(pieces, 200)];

    private static string Expected(byte[] utf8)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        // Tokens are computed over the value's normal form (issue 13: equal identifiers written differently join).
        var normal = new byte[TokenForm.MaxLength];
        var length = TokenForm.Normalize(utf8, normal);
        var mac = HMACSHA256.HashData(GrantKey, length < 0 ? utf8 : normal[..length]);
        var bits = string.Concat(mac.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return "tk_" + string.Concat(Enumerable.Range(0, 20).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
