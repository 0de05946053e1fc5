namespace Sandbox.Masking.Tests;

public sealed class SyntheticTests
{
    [Fact]
    public void Generators_SameSeed_YieldSameIdentifiers()
    {
        var a = new Synthetic(42);
        var b = new Synthetic(42);

        Assert.Equal(
            [a.ResidentId(), a.Uscc(), a.Mobile(), a.BankCard(), a.Landline()],
            [b.ResidentId(), b.Uscc(), b.Mobile(), b.BankCard(), b.Landline()]);
    }

    [Fact]
    public void Generators_DifferentSeeds_YieldDifferentIdentifiers()
    {
        Assert.NotEqual(new Synthetic(1).ResidentId(), new Synthetic(2).ResidentId());
    }
}
