using System.Text;
using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class KeyedTokenizerTests
{
    // A fixed, obviously synthetic master key so expected tokens are reproducible.
    private static readonly byte[] MasterKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Tokenize_SameValueSameGrant_IsDeterministic()
    {
        using var a = new KeyedTokenizer(MasterKey, "nj-credit-2026");
        using var b = new KeyedTokenizer(MasterKey, "nj-credit-2026");

        Assert.Equal(a.Tokenize("11010519491231002X"), b.Tokenize("11010519491231002X"));
    }

    [Fact]
    public void Tokenize_SameValueOtherGrant_Differs()
    {
        using var a = new KeyedTokenizer(MasterKey, "nj-credit-2026");
        using var b = new KeyedTokenizer(MasterKey, "nj-credit-2027");

        Assert.NotEqual(a.Tokenize("11010519491231002X"), b.Tokenize("11010519491231002X"));
    }

    [Fact]
    public void Tokenize_OtherMasterKey_Differs()
    {
        using var a = new KeyedTokenizer(MasterKey, "g");
        using var b = new KeyedTokenizer(KeyedTokenizer.NewMasterKey(), "g");

        Assert.NotEqual(a.Tokenize("13800138000"), b.Tokenize("13800138000"));
    }

    [Fact]
    public void Tokenize_DifferentValues_Differ()
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "g");

        Assert.NotEqual(tokenizer.Tokenize("13800138000"), tokenizer.Tokenize("13800138001"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("13800138000")]
    [InlineData("张三")]
    public void Tokenize_AnyValue_HasTokenFormat(string value)
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "g");

        var token = tokenizer.Tokenize(value);

        Assert.Matches("^tk_[a-z2-7]{20}$", token);
        Assert.True(KeyedTokenizer.LooksLikeToken(token));
    }

    [Fact]
    public void Tokenize_MatchesIndependentHmacComputation()
    {
        // Recompute the documented derivation with the BCL's HMAC to pin the format across NSec upgrades.
        var grantKey = System.Security.Cryptography.HMACSHA256.HashData(MasterKey, Encoding.UTF8.GetBytes("sandbox/tokenize/v1/g"));
        var mac = System.Security.Cryptography.HMACSHA256.HashData(grantKey, Encoding.UTF8.GetBytes("张三"));
        var expected = "tk_" + Base32(mac)[..20];

        using var tokenizer = new KeyedTokenizer(MasterKey, "g");

        Assert.Equal(expected, tokenizer.Tokenize("张三"));
    }

    [Fact]
    public void Tokenize_LongValue_UsesPooledBufferAndStaysDeterministic()
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "g");
        var value = new string('地', 2000);

        Assert.Equal(tokenizer.Tokenize(value), tokenizer.Tokenize(value));
    }

    [Fact]
    public void Tokenize_AllocatesOnlyTheResultString()
    {
        using var tokenizer = new KeyedTokenizer(MasterKey, "g");
        tokenizer.Tokenize("warm-up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            tokenizer.Tokenize("11010519491231002X");
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perCall <= 80, $"{perCall} bytes per token"); // a 23-char string is 72 bytes on x64
    }

    [Fact]
    public void Tokenize_AfterDispose_Throws()
    {
        var tokenizer = new KeyedTokenizer(MasterKey, "g");
        tokenizer.Dispose();
        tokenizer.Dispose(); // idempotent

        Assert.Throws<ObjectDisposedException>(() => tokenizer.Tokenize("x"));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(64)]
    public void Constructor_MasterKeyNot32Bytes_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => new KeyedTokenizer(new byte[length], "g"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_EmptyGrant_Throws(string grantId)
    {
        Assert.Throws<ArgumentException>(() => new KeyedTokenizer(MasterKey, grantId));
    }

    [Theory]
    [InlineData("tk_abcdefghijklmnopqrst")]
    [InlineData("tk_22222222227777777777")]
    public void LooksLikeToken_TokenFormat_ReturnsTrue(string value)
    {
        Assert.True(KeyedTokenizer.LooksLikeToken(value));
    }

    [Theory]
    [InlineData("tk_abcdefghijklmnopqrs")] // 19 chars
    [InlineData("tk_abcdefghijklmnopqrstu")] // 21 chars
    [InlineData("tk_abcdefghijklmnopqrs1")] // 1 is not base32
    [InlineData("tk_ABCDEFGHIJKLMNOPQRST")]
    [InlineData("TK_abcdefghijklmnopqrst")]
    [InlineData(" tk_abcdefghijklmnopqrst")]
    [InlineData("id tk_abcdefghijklmnopqrst")]
    [InlineData("")]
    public void LooksLikeToken_OtherText_ReturnsFalse(string value)
    {
        Assert.False(KeyedTokenizer.LooksLikeToken(value));
    }

    [Theory]
    [InlineData("tk_abcdefghijklmnopqrst")]
    [InlineData("subject tk_abcdefghijklmnopqrst joined")]
    [InlineData("id=tk_abcdefghijklmnopqrst;")]
    [InlineData("\"tk_abcdefghijklmnopqrst\",12")]
    [InlineData("TK_ABCDEFGHIJKLMNOPQRST")] // an upper-cased token still leaks the join key
    [InlineData("xtk_ tk_abcdefghijklmnopqrst")] // a false start before a real one
    public void ContainsToken_TokenAsWord_ReturnsTrue(string text)
    {
        Assert.True(KeyedTokenizer.ContainsToken(text));
    }

    [Theory]
    [InlineData("xtk_abcdefghijklmnopqrst")]
    [InlineData("tk_abcdefghijklmnopqrstu")]
    [InlineData("tk_abcdefghijklmnopqrst_2")]
    [InlineData("tk_abcdefghijklmnopqrs")]
    [InlineData("tk_abcdefghijklmnopqrs1")]
    [InlineData("a tk_ b")]
    [InlineData("")]
    public void ContainsToken_NoWholeToken_ReturnsFalse(string text)
    {
        Assert.False(KeyedTokenizer.ContainsToken(text));
    }

    [Fact]
    public void NewMasterKey_Returns32RandomBytes()
    {
        var a = KeyedTokenizer.NewMasterKey();
        var b = KeyedTokenizer.NewMasterKey();

        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var bits = string.Concat(bytes.Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return string.Concat(Enumerable.Range(0, bits.Length / 5).Select(i => alphabet[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));
    }
}
