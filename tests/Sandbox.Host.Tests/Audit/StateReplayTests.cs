using System.Text.Json;

namespace Sandbox.Host.Tests.Audit;

/// <summary>`audit verify` replays the log against the state tables; job admission refuses a grant the log disagrees with.</summary>
public sealed class StateReplayTests
{

    [Fact]
    public void Verify_UntouchedHomeWithAJob_PassesTheReplay()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));

        Assert.Contains("every export, grant and job state agrees with it", home.Ok("audit", "verify"));
    }

    [Fact]
    public void Verify_GrantStateEditedInTheDatabase_NamesTheGrantAndBothStates()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Sql("UPDATE grants SET state = 'active' WHERE id = 'nj-logistics-2027'");

        var (code, _, err) = home.Run("audit", "verify");

        Assert.Equal(1, code);
        Assert.Contains("audit: grant nj-logistics-2027: stored as active, but its audit entries imply applied", err);
    }

    [Fact]
    public void JobRun_GrantStateEditedInTheDatabase_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "audit finding");
        home.Sql("UPDATE grants SET state = 'active' WHERE id = 'nj-credit-2026'");

        var (code, stdout, _) = home.Run("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"), "--json");

        Assert.Equal(1, code);
        var job = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("grant nj-credit-2026: stored as active, but its audit entries imply suspended", job.GetProperty("reason").GetString());
    }

    [Fact]
    public void Verify_JobStateEditedInTheDatabase_NamesTheJob()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var id = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"), "--json"))
            .RootElement.GetProperty("id").GetString();
        home.Sql($"UPDATE jobs SET state = 'failed' WHERE id = '{id}'");

        var (code, _, err) = home.Run("audit", "verify");

        Assert.Equal(1, code);
        Assert.Contains($"audit: job {id}: stored as failed, but its audit entries imply succeeded", err);
    }
}
