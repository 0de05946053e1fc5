using System.Diagnostics;
using System.Text.Json;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>
/// `job run` without `--wait` decides, queues and returns at once; a detached `sandbox job work ID` process runs the
/// job to its end, after the CLI has exited, and reconciliation tells that worker alive from dead by its pid.
/// </summary>
public sealed class DetachedRunTests : IDisposable
{
    // 400² × 60 rows hashed: about a second of work, so the job is still going when the CLI returns.
    private const string Medium = "n: select sum(hash(a.name || b.name)) as n from enterprise_registry a, enterprise_registry b, residents c";

    // 400⁴ rows hashed: more than its 20 s timeout allows; running until the test kills its worker.
    private const string Slow = "n: select sum(hash(a.name || b.name || c.name || d.name)) as n from enterprise_registry a, enterprise_registry b, enterprise_registry c, enterprise_registry d";

    private const string Quick = "n: select count(*) as n from residents";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Run_ThroughTheRealCli_ReturnsWhileTheJobGoesOnAndTheDetachedWorkerEndsIt()
    {
        var clock = Stopwatch.StartNew();
        var (code, output, error) = await SandboxProcess.RunAsync(["--home", _home.Root, "--as", TestHome.Analyst, "job", "run", _home.Job("nj-credit-2026", Medium)]);
        var returned = clock.Elapsed;

        Assert.True(code == 0, error);
        var id = output.Trim();
        Assert.StartsWith("job", id, StringComparison.Ordinal);
        Assert.Contains($"sandbox job wait {id}", error, StringComparison.Ordinal);
        // The CLI process has exited; the job has not ended: the worker it started goes on without it.
        Assert.Contains(State(id), new[] { "queued", "staging", "running" });

        WaitFor(() => State(id) is not ("queued" or "staging" or "running"), "the job ended by itself");
        Assert.Equal("succeeded", State(id));
        Assert.True(clock.Elapsed > returned, "the job ended after the CLI returned");
        // The worker writes its last line after it recorded the job's end: wait for it rather than race it.
        var log = Path.Combine(new SandboxHome(_home.Root).JobLogsOf(id), "worker.log");
        WaitFor(() => File.Exists(log) && File.ReadAllText(log).Contains($"job {id}: run to its end by this worker", StringComparison.Ordinal), "the worker's last line");
        // The job reads as one run in the foreground would: its output is there.
        var outputs = JsonDocument.Parse(_home.Ok("job", "show", id, "--json")).RootElement.GetProperty("outputs");
        Assert.Equal(1, Assert.Single(outputs.EnumerateArray()).GetProperty("rows").GetInt64());
    }

    [Fact]
    public void Run_WithJson_PrintsTheQueuedJobRecord()
    {
        var (code, output, _) = _home.Run("job", "run", _home.Job("nj-credit-2026", Quick), "--json");

        Assert.Equal(0, code);
        var job = JsonDocument.Parse(output).RootElement;
        Assert.Equal("queued", job.GetProperty("state").GetString());
        var id = job.GetProperty("id").GetString()!;
        WaitFor(() => State(id) == "succeeded", "the queued job run by its worker");
    }

    [Fact]
    public void Run_OfARefusedJob_ExitsOneWithNothingQueuedAndNoWorker()
    {
        var (code, output, _) = _home.Run("job", "run", _home.Job("nj-credit-2026", "names: select upper(legal_rep_name) as who, count(*) as n from enterprise_registry group by 1"));

        Assert.Equal(1, code);
        Assert.Contains("failed", output, StringComparison.Ordinal);
        Assert.Contains("refused by policy", output, StringComparison.Ordinal);
        var jobs = JsonDocument.Parse(_home.Ok("job", "list", "--json")).RootElement.EnumerateArray().ToList();
        var refused = Assert.Single(jobs);
        Assert.Equal("failed", refused.GetProperty("state").GetString());
        Assert.False(File.Exists(Path.Combine(new SandboxHome(_home.Root).JobLogsOf(refused.GetProperty("id").GetString()!), "worker.log")));
    }

    [Fact]
    public void Reconcile_LeavesALiveWorkersJobAlone_AndFailsItOnceTheWorkerIsKilled()
    {
        var id = _home.Ok("job", "run", _home.Job("nj-credit-2026", Slow)).Trim();
        WaitFor(() => State(id) == "running", "the slow job running in its worker");
        var worker = Owner(id);
        Assert.NotEqual(Environment.ProcessId, worker.Pid);

        // Another job run reconciles first: the worker lives, so its job is left running.
        var (_, _, error) = _home.Run("job", "run", "--wait", _home.Job("nj-credit-2026", Quick));
        Assert.DoesNotContain(id, error, StringComparison.Ordinal);
        Assert.Equal("running", State(id));

        using (var process = Process.GetProcessById(worker.Pid)) process.Kill();
        WaitFor(() => !worker.IsAlive, "the worker gone");

        (_, _, error) = _home.Run("job", "run", "--wait", _home.Job("nj-credit-2026", Quick));
        Assert.Contains($"reconciled: job {id}: failed", error, StringComparison.Ordinal);
        Assert.Equal("failed", State(id));
    }

    [Fact]
    public void Wait_OnAJobWhoseWorkerIsKilled_EndsWithTheJobFailed_InsteadOfWaitingForever()
    {
        var id = _home.Ok("job", "run", _home.Job("nj-credit-2026", Slow)).Trim();
        WaitFor(() => State(id) == "running", "the slow job running in its worker");
        var worker = Owner(id);
        using (var process = Process.GetProcessById(worker.Pid)) process.Kill();
        WaitFor(() => !worker.IsAlive, "the worker gone");

        var clock = Stopwatch.StartNew();
        var (code, output, error) = _home.Run("job", "wait", id, "--timeout", "00:01:00", "--json");

        Assert.True(code == 1, $"exit {code}: {error}");
        Assert.Contains($"reconciled: job {id}: failed", error, StringComparison.Ordinal);
        Assert.Equal("failed", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {clock.Elapsed}");
    }

    private ProcessOwner Owner(string id)
    {
        using var session = SandboxSession.Open(new SandboxHome(_home.Root), null, _home.Time);
        var (_, pid, started) = session.Store.ListActiveJobs().Single(a => a.Job.Id == id);
        return new ProcessOwner(pid!.Value, started!);
    }

    private string State(string id) =>
        JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "show", id, "--json")).RootElement.GetProperty("state").GetString()!;

    private static void WaitFor(Func<bool> condition, string what)
    {
        var until = Stopwatch.StartNew();
        while (!condition())
        {
            if (until.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"waited 90 s for {what}");
            Thread.Sleep(100);
        }
    }
}
