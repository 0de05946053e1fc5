using Sandbox.Policy.Access;

namespace Sandbox.Policy.Tests.Access;

public sealed class DecisionTests
{
    [Fact]
    public void Allow_HasNoReasons()
    {
        Assert.True(Decision.Allow.Allowed);
        Assert.Empty(Decision.Allow.Reasons);
    }

    [Fact]
    public void Deny_KeepsReasonsInOrder()
    {
        var decision = Decision.Deny("a", "b");

        Assert.False(decision.Allowed);
        Assert.Equal(["a", "b"], decision.Reasons);
    }

    [Fact]
    public void Deny_WithoutReason_Throws()
    {
        Assert.Throws<ArgumentException>(() => Decision.Deny());
    }
}
