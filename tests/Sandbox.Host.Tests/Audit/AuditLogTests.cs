
namespace Sandbox.Host.Tests.Audit;

public sealed class AuditLogTests
{
    private static TestHome HomeWithHistory()
    {
        var home = new TestHome();
        var file = Path.Combine(home.Root, "a.csv");
        File.WriteAllText(file, "district,n\n玄武区,1\n");
        home.Ok("dataset", "import", file, "--name", "a");
        home.Ok("dataset", "import", file, "--name", "b");
        home.Ok("dataset", "import", file, "--name", "c");
        return home;
    }


    [Fact]
    public void Verify_UntouchedLog_Passes()
    {
        using var home = HomeWithHistory();
        Assert.Contains("6 entries", home.Ok("audit", "verify"));
    }

    [Theory]
    [InlineData("UPDATE audit SET actor = 'someone-else' WHERE seq = 2", "edited")]
    [InlineData("UPDATE audit SET detail = replace(detail, 'a', 'x') WHERE seq = 2", "edited")]
    [InlineData("DELETE FROM audit WHERE seq = 2", "missing")]
    [InlineData("DELETE FROM audit WHERE seq = 4", "removed")]
    [InlineData("UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 100", "previous-hash")]
    public void Verify_TamperedLog_FailsNamingTheProblem(string tamper, string expected)
    {
        using var home = HomeWithHistory();
        home.Sql(tamper);
        var (code, _, err) = home.Run("audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void Verify_RewrittenChainWithoutTheKey_FailsOnTheSignedHead()
    {
        using var home = HomeWithHistory();
        // An attacker who recomputes every hash after deleting the last entry still cannot re-sign the head.
        home.Sql("DELETE FROM audit WHERE seq = 6");
        var (code, _, err) = home.Run("audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains("signed head", err);
    }
}
