namespace Sandbox.Host.Tests.Cli;

/// <summary>Usage errors name the word that was not understood and the command that was probably meant.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    [InlineData("job lst", "'lst'", "did you mean `sandbox job list`?")]
    [InlineData("grant suspnd x", "'suspnd'", "did you mean `sandbox grant suspend`?")]
    [InlineData("jobs list", "'jobs'", "did you mean `sandbox job`?")]
    [InlineData("job", "Required command was not provided", "`sandbox job` needs one of: run, check, show, list, logs, cancel")]
    [InlineData("export review x --stage technical --approve", "'--note' is required", "see `sandbox export review --help`")]
    [InlineData("job list --state bogus", "'bogus'", "Must be one of: queued, staging, running, succeeded, failed, killed, cancelled")]
    [InlineData("export list --state nope", "'nope'", "Must be one of: checked, technical-approved")]
    public void Parse_BadUsage_OneLineNamingTheWordAndTheNearestCommand(string line, string names, string suggests)
    {
        using var home = new TestHome(initialize: false);
        var (code, _, error) = home.Run(line.Split(' '));
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(names, error);
        Assert.Contains(suggests, error);
    }
}
