using Sandbox.Export.Release;

namespace Sandbox.Export.Tests.Release;

public sealed class SigningKeysTests
{
    [Fact]
    public void NewPrivateKey_Twice_GivesDistinct32ByteKeys()
    {
        byte[] a = SigningKeys.NewPrivateKey();
        byte[] b = SigningKeys.NewPrivateKey();

        Assert.Equal(32, a.Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void PublicKeyOf_SameKey_IsStableAnd32Bytes()
    {
        byte[] key = SigningKeys.NewPrivateKey();

        Assert.Equal(32, SigningKeys.PublicKeyOf(key).Length);
        Assert.Equal(SigningKeys.PublicKeyOf(key), SigningKeys.PublicKeyOf(key));
    }

    [Fact]
    public void PublicKeyOf_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => SigningKeys.PublicKeyOf(new byte[31]));
    }
}
