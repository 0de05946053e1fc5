using Sandbox.Masking.Techniques;

namespace Sandbox.Masking.Tests.Techniques;

public sealed class KeyedNoiseTests
{
    private static readonly byte[] Master = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Apply_SameValueSameGrant_SameNoise()
    {
        using var a = new KeyedNoise(Master, "g1");
        using var b = new KeyedNoise(Master, "g1");

        Assert.Equal(a.Apply(1000, 0.05), b.Apply(1000, 0.05));
    }

    [Fact]
    public void Apply_OtherGrant_OtherNoise()
    {
        using var a = new KeyedNoise(Master, "g1");
        using var b = new KeyedNoise(Master, "g2");

        Assert.NotEqual(a.Apply(1000, 0.05), b.Apply(1000, 0.05));
    }

    [Fact]
    public void Apply_ManyValues_StayWithinScaleAndMove()
    {
        using var noise = new KeyedNoise(Master, "g1");
        var moved = 0;
        for (var v = 1; v <= 1000; v++)
        {
            var n = noise.Apply(v, 0.1);
            Assert.InRange(n, v * 0.9, v * 1.1);
            moved += n != v ? 1 : 0;
        }

        Assert.True(moved > 990);
    }
}
