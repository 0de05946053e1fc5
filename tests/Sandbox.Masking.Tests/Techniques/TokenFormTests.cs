using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

/// <summary>Issue 13: tokens over a normalized form, so equal identifiers join however they were written.</summary>
public sealed class TokenFormTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Theory]
    [InlineData("11010519491231612X", "11010519491231612x")]
    [InlineData("11010519491231612X", " 11010519491231612X ")]
    [InlineData("13800138000", "+86 138 0013 8000")]
    [InlineData("13800138000", "0086-138-0013-8000")]
    [InlineData("13800138000", "8613800138000")]
    [InlineData("13800138000", "138-0013-8000")]
    [InlineData("6225886165395201", "6225 8861 6539 5201")]
    [InlineData("user@example.com", "User@Example.com")]
    public void Tokenize_SameIdentifierWrittenDifferently_GetsOneToken(string a, string b)
    {
        using var tokenizer = new KeyedTokenizer(Key, "g1");

        Assert.Equal(tokenizer.Tokenize(a), tokenizer.Tokenize(b));
    }

    [Theory]
    [InlineData("13800138000", "13800138001")]
    [InlineData("02164565427", "2164565427")]
    [InlineData("张三", "张 三")]
    public void Tokenize_DifferentValues_GetDifferentTokens(string a, string b)
    {
        using var tokenizer = new KeyedTokenizer(Key, "g1");

        Assert.NotEqual(tokenizer.Tokenize(a), tokenizer.Tokenize(b));
    }
}
