using System.Text.Json;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>`sandbox job cancel` from another command (another process, in production) stops a running job.</summary>
public sealed class JobCancelTests
{
    private const string Forever = "forever: select count(*) as n from enterprise_registry a, enterprise_registry b, enterprise_registry c, enterprise_registry d, enterprise_registry e, enterprise_registry f, enterprise_registry g where a.district <> g.district";

    [Fact]
    public async Task Cancel_RunningInprocessJob_StopsItAsCancelledAndTheAuditLogSaysWho()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 50);
        var job = home.Job("nj-credit-2026", Forever);

        var running = Task.Run(() => home.Run("--as", "zijin-analyst", "job", "run", "--wait", job, "--json"));
        var id = await WaitForRunningJob(home);
        var answer = JsonDocument.Parse(home.Ok("--as", "zijin-analyst", "job", "cancel", id, "--json")).RootElement;
        Assert.True(answer.GetProperty("cancelRequested").GetBoolean());
        var (code, output, _) = await running.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(1, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("cancelled", json.GetProperty("state").GetString());
        Assert.Equal(130, json.GetProperty("exitCode").GetInt32());
        Assert.Contains("cancelled by zijin-analyst", json.GetProperty("reason").GetString());
        var actions = JsonDocument.Parse(home.Ok("audit", "show", "--json")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("subject").GetString() == id).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["job.submit", "job.stage", "job.start", "job.cancel-request", "job.cancel"], actions);
        Assert.False(Directory.EnumerateFileSystemEntries(Path.Combine(home.Root, "workspaces")).Any());
        home.Ok("audit", "verify");
    }

    [Fact]
    public async Task Cancel_ByAnotherOperatorsAnalyst_IsRefusedAndTheJobRunsOn()
    {
        using var home = new TestHome().WithCity(enterprises: 50, residents: 50);
        var job = home.Job("nj-credit-2026", Forever);
        var running = Task.Run(() => home.Run("--as", "zijin-analyst", "job", "run", "--wait", job, "--json"));
        var id = await WaitForRunningJob(home);

        var (code, _, error) = home.Run("--as", "harbor-analyst", "job", "cancel", id);
        Assert.Equal(2, code);
        Assert.Contains($"no job '{id}'", error);

        // Still running after several polls of the store; then the governance center stops it.
        await Task.Delay(800);
        Assert.Equal("running", JsonDocument.Parse(home.Ok("job", "show", id, "--json")).RootElement.GetProperty("state").GetString());
        home.Ok("--as", "gov-reviewer", "job", "cancel", id);
        var (_, output, _) = await running.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Contains("cancelled by gov-reviewer", JsonDocument.Parse(output).RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Cancel_FinishedOrUnknownJob_IsRefusedWithItsState()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var id = JsonDocument.Parse(home.Ok("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents"), "--json"))
            .RootElement.GetProperty("id").GetString()!;

        var (code, _, error) = home.Run("job", "cancel", id);
        Assert.Equal(1, code);
        Assert.Contains("has ended already (succeeded)", error);

        var (unknown, _, missing) = home.Run("job", "cancel", "job-nope");
        Assert.Equal(2, unknown);
        Assert.Contains("no job 'job-nope'", missing);
    }

    private static async Task<string> WaitForRunningJob(TestHome home)
    {
        for (var i = 0; i < 400; i++)
        {
            var jobs = JsonDocument.Parse(home.Ok("job", "list", "--json")).RootElement;
            if (jobs.EnumerateArray().FirstOrDefault(j => j.GetProperty("state").GetString() == "running") is { ValueKind: JsonValueKind.Object } job)
            {
                return job.GetProperty("id").GetString()!;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the job never reached the running state");
    }
}
