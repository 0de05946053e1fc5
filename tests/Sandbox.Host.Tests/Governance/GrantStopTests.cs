using System.Text.Json;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Tests.Governance;

/// <summary>Suspension and termination take effect at once: queued jobs refused, workspaces deleted, exports frozen.</summary>
public sealed class GrantStopTests
{
    [Fact]
    public void Suspend_FreezesPendingExportsAndResumeThawsThem()
    {
        using var home = new TestHome().WithCity(enterprises: 60, residents: 20);
        var job = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "d: select district, count(*) as n from enterprise_registry group by district"), "--json"))
            .RootElement.GetProperty("id").GetString()!;
        var (_, requested, _) = home.Run("export", "request", job, "d", "--json");
        var export = JsonDocument.Parse(requested).RootElement.GetProperty("id").GetString()!;

        home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "differencing attack suspected");
        Assert.Contains("differencing attack suspected", FrozenReason(home, export));
        Assert.Contains("export.freeze", home.Ok("audit", "show"));

        home.Ok("grant", "resume", "nj-credit-2026");
        Assert.Null(FrozenReason(home, export));
        Assert.Contains("export.thaw", home.Ok("audit", "show"));
    }

    [Fact]
    public void Terminate_RefusesQueuedJobsAndDeletesTheirWorkspaces()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var workspace = Path.Combine(home.Root, "workspaces", "job-queued");
        using (var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time))
        {
            // A job another process queued and began staging: its workspace exists already.
            var queued = new JobRecord("job-queued", "nj-credit-2026", "sql", new JobSpec { Grant = "nj-credit-2026", Kind = "sql" }, JobState.Staging, null, null, "inprocess", "admin", home.Time.GetUtcNow(), null, []);
            session.Store.Change("admin", "job.submit", queued.Id, new { }, tx => { tx.PutJob(queued); return 0; });
        }

        Directory.CreateDirectory(workspace);
        home.Ok("grant", "terminate", "nj-credit-2026", "--reason", "agreement breached");

        var shown = JsonDocument.Parse(home.Ok("job", "show", "job-queued", "--json")).RootElement;
        Assert.Equal("failed", shown.GetProperty("state").GetString());
        Assert.Contains("agreement breached", shown.GetProperty("reason").GetString());
        Assert.False(Directory.Exists(workspace));
        Assert.Contains("job.refuse", home.Ok("audit", "show"));
    }

    private static string? FrozenReason(TestHome home, string export)
    {
        using var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time);
        return session.Store.FindExport(export)!.FrozenReason;
    }
}
