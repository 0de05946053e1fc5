using System.Text.Json;

namespace Sandbox.Host.Tests.Jobs;

public sealed class GrantSuspensionTests
{
    [Fact]
    public async Task Suspend_DuringARunningJob_KillsItAndTheAuditLogSaysWhy()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 50);
        var job = home.Job("nj-credit-2026", "forever: select count(*) as n from enterprise_registry a, enterprise_registry b, enterprise_registry c, enterprise_registry d, enterprise_registry e, enterprise_registry f, enterprise_registry g where a.district <> g.district");

        var running = Task.Run(() => home.Run("job", "run", "--wait", job, "--json"));
        await WaitForRunningJob(home);
        home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "monitoring found a differencing attack");
        var (code, output, _) = await running.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("killed", json.GetProperty("state").GetString());
        Assert.Contains("suspended", json.GetProperty("reason").GetString());
        Assert.Contains("differencing attack", json.GetProperty("reason").GetString());
        var audit = home.Ok("audit", "show");
        Assert.Contains("job.kill", audit);
        Assert.Contains("grant.suspend", audit);
        Assert.False(Directory.EnumerateFileSystemEntries(Path.Combine(home.Root, "workspaces")).Any());
    }

    [Fact]
    public void Run_SuspendedGrant_RefusedUntilResumed()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 50);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "review");

        var (code, output, _) = home.Run("job", "run", "--wait", job, "--json");
        Assert.Equal(1, code);
        Assert.Contains("suspended", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());

        home.Ok("grant", "resume", "nj-credit-2026");
        home.Ok("job", "run", "--wait", job);
    }

    [Fact]
    public void Suspend_ByAnOperator_IsRefused()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var (code, _, err) = home.Run("--as", "zijin-analyst", "grant", "suspend", "nj-credit-2026", "--reason", "x");
        Assert.Equal(1, code);
        Assert.Contains("bureau", err);
    }

    private static async Task WaitForRunningJob(TestHome home)
    {
        for (var i = 0; i < 400; i++)
        {
            var jobs = JsonDocument.Parse(home.Ok("job", "list", "--json")).RootElement;
            if (jobs.EnumerateArray().Any(j => j.GetProperty("state").GetString() == "running")) return;
            await Task.Delay(50);
        }
        throw new TimeoutException("the job never reached the running state");
    }
}
