using System.Text.Json;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Store;
using Sandbox.Policy.Jobs;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>An inprocess job whose process died (kill -9, a reboot) is ended by the next `job run`, not left running forever.</summary>
public sealed class JobReconcileTests
{
    // A job left `running` by a process, as a crash leaves it: the record, its owner, its (spill) folder.
    private static string Stale(TestHome home, ProcessOwner owner)
    {
        using var session = SandboxSession.Open(new SandboxHome(home.Root), null, home.Time);
        var job = new JobRecord(session.NewId("job"), "nj-credit-2026", "sql", new JobSpec { Grant = "nj-credit-2026", Kind = "sql" }, JobState.Running, null, null, "inprocess", "admin",
            home.Time.GetUtcNow(), null, []);
        session.Store.Change("admin", "job.submit", job.Id, new { }, tx =>
        {
            tx.PutJob(job);
            tx.PutJobOwner(job.Id, owner.Pid, owner.Started);
            return 0;
        });
        Directory.CreateDirectory(session.Home.WorkspaceOf(job.Id));
        return job.Id;
    }

    private static JsonElement Show(TestHome home, string id) => JsonDocument.Parse(home.Ok("job", "show", id, "--json")).RootElement;

    [Fact]
    public void Run_AfterTheOwnerOfARunningJobDied_FailsThatJobAndRemovesItsFolder()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var dead = Stale(home, new ProcessOwner(int.MaxValue - 7, "638000000000000000"));

        var (_, _, error) = home.Run("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));

        Assert.Contains($"reconciled: job {dead}: failed", error);
        var job = Show(home, dead);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.Contains("ended while the job was running", job.GetProperty("reason").GetString());
        Assert.False(Directory.Exists(new SandboxHome(home.Root).WorkspaceOf(dead)));
        Assert.Contains("job.reconcile", home.Ok("audit", "show"));
        home.Ok("audit", "verify");
    }

    [Fact]
    public void Run_WhileTheOwnerOfARunningJobLives_LeavesThatJobAlone()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var live = Stale(home, ProcessOwner.Current);

        home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));

        Assert.Equal("running", Show(home, live).GetProperty("state").GetString());
        Assert.True(Directory.Exists(new SandboxHome(home.Root).WorkspaceOf(live)));
    }
}
