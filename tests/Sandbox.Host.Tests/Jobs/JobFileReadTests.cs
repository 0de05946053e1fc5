namespace Sandbox.Host.Tests.Jobs;

/// <summary>
/// `job run --wait` reads and parses the job file while the session opens; what it tells of a bad file, and in which
/// order, is what reading it afterwards told: a document error, then limits above the platform's caps, then a query
/// that does not parse; and a missing home before any of them. Nothing is recorded for a file it refuses.
/// </summary>
public sealed class JobFileReadTests
{
    [Fact]
    public void Run_LimitsAboveTheCapsAndAQueryThatDoesNotParse_TellsTheLimits()
    {
        using var home = new TestHome().WithCity(enterprises: 5, residents: 5);
        var job = home.Job("nj-credit-2026", "n: selec count(*) from residents");
        File.WriteAllText(job, File.ReadAllText(job).Replace("limits: { timeout: 20s }", "limits: { timeout: 20s, memory: 64GiB }", StringComparison.Ordinal));

        var (code, _, error) = home.Run("--as", TestHome.Analyst, "job", "run", job, "--wait");

        Assert.Equal(2, code);
        Assert.Contains("memory", error);
        Assert.DoesNotContain("queries.n", error);
        Assert.Equal("[]", home.Ok("job", "list", "--json").Trim());
    }

    [Fact]
    public void Run_AQueryThatDoesNotParse_NamesItsFileLineAndQuery()
    {
        using var home = new TestHome().WithCity(enterprises: 5, residents: 5);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents", "m: selec count(*) from residents");

        var (code, _, error) = home.Run("--as", TestHome.Analyst, "job", "run", job, "--wait");

        Assert.Equal(2, code);
        Assert.Contains($"{job}:5: queries.m:", error);
        Assert.Equal("[]", home.Ok("job", "list", "--json").Trim());
    }

    [Fact]
    public async Task Run_NoHome_SaysSoBeforeTheJobFile()
    {
        using var home = new TestHome();
        var missing = Path.Combine(home.Root, "elsewhere");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Sandbox.Host.Cli.SandboxCli.RunAsync(
            ["--home", missing, "--as", TestHome.Analyst, "job", "run", Path.Combine(home.Root, "no-such-job.yaml"), "--wait"], output, error, TimeProvider.System, static _ => null);

        Assert.Equal(2, code);
        Assert.Contains(missing, error.ToString());
        Assert.DoesNotContain("no-such-job.yaml", error.ToString());
    }
}
