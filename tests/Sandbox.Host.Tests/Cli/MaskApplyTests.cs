using Sandbox.Host.Demo;

namespace Sandbox.Host.Tests.Cli;

public sealed class MaskApplyTests
{
    private static string Rules => Path.Combine(TestHome.PoliciesDirectory, "masking", "residents.yaml");

    [Fact]
    public void Apply_SyntheticResidents_WritesNoRawIdentifier()
    {
        using var home = new TestHome();
        var (_, residents) = SyntheticCity.Write(Path.Combine(home.Root, "in"), 10, 200);
        var output = Path.Combine(home.Root, "masked.csv");

        home.Ok("mask", "apply", residents, "--rules", Rules, "--out", output);

        var raw = File.ReadLines(residents).Skip(1).Select(l => l.Split(',')).ToList();
        var masked = File.ReadAllText(output);
        Assert.DoesNotContain(raw, r => masked.Contains(r[0], StringComparison.Ordinal) || masked.Contains(r[2], StringComparison.Ordinal));
        Assert.Contains("mask.apply", home.Ok("audit", "show"));
    }

    [Fact]
    public void Apply_TwoHomes_TokensDifferBecauseKeysDiffer()
    {
        using var first = new TestHome();
        using var second = new TestHome();
        var (_, residents) = SyntheticCity.Write(Path.Combine(first.Root, "in"), 10, 50);
        var a = Path.Combine(first.Root, "a.csv");
        var b = Path.Combine(second.Root, "b.csv");

        first.Ok("mask", "apply", residents, "--rules", Rules, "--out", a);
        second.Ok("mask", "apply", residents, "--rules", Rules, "--out", b);

        var tokensA = File.ReadLines(a).Skip(1).Select(l => l.Split(',')[0]).ToList();
        var tokensB = File.ReadLines(b).Skip(1).Select(l => l.Split(',')[0]).ToList();
        Assert.All(tokensA, t => Assert.StartsWith("tk_", t));
        Assert.Empty(tokensA.Intersect(tokensB));
    }

    [Fact]
    public void Apply_ExistingOutput_ExitsTwoAndLeavesItAlone()
    {
        using var home = new TestHome();
        var (_, residents) = SyntheticCity.Write(Path.Combine(home.Root, "in"), 10, 20);
        var output = Path.Combine(home.Root, "masked.csv");
        File.WriteAllText(output, "keep me");

        var (code, _, err) = home.Run("mask", "apply", residents, "--rules", Rules, "--out", output);

        Assert.Equal(2, code);
        Assert.Contains("masked.csv", err);
        Assert.Equal("keep me", File.ReadAllText(output));
    }

    [Fact]
    public void Apply_MalformedRules_ExitsTwoNamingTheFile()
    {
        using var home = new TestHome();
        var (_, residents) = SyntheticCity.Write(Path.Combine(home.Root, "in"), 10, 20);
        var rules = Path.Combine(home.Root, "bad-rules.yaml");
        File.WriteAllText(rules, "rules: [\n");

        var (code, _, err) = home.Run("mask", "apply", residents, "--rules", rules, "--out", Path.Combine(home.Root, "x.csv"));

        Assert.Equal(2, code);
        Assert.Contains("bad-rules.yaml", err);
        Assert.False(File.Exists(Path.Combine(home.Root, "x.csv")));
    }
}
