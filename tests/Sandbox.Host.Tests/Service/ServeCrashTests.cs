using System.Diagnostics;
using System.Text.Json;
using Sandbox.Host.Tests.Backends.Docker;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// SIGKILL a real <c>sandbox serve</c> with jobs queued, staged and running (inprocess and docker), start it again,
/// and check that every job ends in a truthful state, nothing is left behind (no container, workspace or partial
/// output) and the audit log still verifies. SIGTERM ends it with exit 0.
/// </summary>
[Collection("docker")]
public sealed class ServeCrashTests : IDisposable
{
    // 400⁴ rows hashed: more work than its 20 s timeout allows, so it is surely running when the host is killed.
    private const string Slow = "n: select sum(hash(a.name || b.name || c.name || d.name)) as n from enterprise_registry a, enterprise_registry b, enterprise_registry c, enterprise_registry d";
    private const string Quick = "by_district: select district, count(*) as n from enterprise_registry group by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    [Fact]
    public void Kill_WithInprocessJobsRunningAndQueued_EndsEachTruthfullyAfterRestart()
    {
        string[] slow, quick;
        using (var serve = ServeProcess.Start(_home))
        {
            // Both workers busy with slow jobs; the quick ones wait in the queue behind them.
            slow = [Submit(Slow), Submit(Slow)];
            WaitFor(() => slow.All(id => State(id) == "running"), "both slow jobs running");
            quick = [Submit(Quick), Submit(Quick)];
            Thread.Sleep(300);
            Assert.All(quick, id => Assert.Equal("queued", State(id)));
            serve.Kill();
        }
        Assert.All(slow, id => Assert.Equal("running", State(id)));

        using (var again = ServeProcess.Start(_home))
        {
            WaitFor(() => slow.Concat(quick).All(id => State(id) is not ("queued" or "staging" or "running")), "every job ended");
            foreach (var id in slow)
            {
                var job = Show(id);
                Assert.Equal("failed", job.GetProperty("state").GetString());
                Assert.Contains("ended while the job was running", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
                Assert.False(Directory.Exists(Path.Combine(_home.Root, "out", id)), $"partial outputs of {id} were left");
            }
            Assert.All(quick, id => Assert.Equal("succeeded", State(id)));
            AssertNothingLeft();
            Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(30)));
        }
    }

    [DockerFact]
    public void Kill_WithADockerJobRunning_RemovesItsContainerAndFailsItOnRestart()
    {
        var folder = Path.Combine(_home.Root, "jobs", "sleeper");
        Directory.CreateDirectory(Path.Combine(folder, "code"));
        File.WriteAllText(Path.Combine(folder, "code", "main.py"), "import time\ntime.sleep(60)\n");
        var file = Path.Combine(folder, "job.yaml");
        File.WriteAllLines(file, ["grant: nj-credit-2026", "kind: container", "image: sandbox/python", "command: [python3, main.py]", "files: ./code", "limits: { timeout: 90s }"]);
        string id;
        using (var serve = ServeProcess.Start(_home))
        {
            id = _home.Ok("job", "run", file, "--backend", "docker", "--detach").Trim();
            WaitFor(() => State(id) == "running" && Containers().Count == 1, "the docker job running in its container");
            serve.Kill();
        }
        Assert.Single(Containers());

        using (var again = ServeProcess.Start(_home))
        {
            WaitFor(() => State(id) != "running", "the docker job ended");
            var job = Show(id);
            Assert.Equal("failed", job.GetProperty("state").GetString());
            Assert.Contains("ended while the job was running", job.GetProperty("reason").GetString(), StringComparison.Ordinal);
            WaitFor(() => Containers().Count == 0, "its container removed");
            // The reconciler removes the container first, then the workspace and /job folders it leaves: wait for both.
            WaitFor(() => Workspaces().Length == 0, "its workspace removed");
            AssertNothingLeft();
            Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(30)));
        }
    }

    private string[] Workspaces()
    {
        var workspaces = Path.Combine(_home.Root, "workspaces");
        return Directory.Exists(workspaces) ? Directory.GetFileSystemEntries(workspaces) : [];
    }

    private void AssertNothingLeft()
    {
        Assert.Empty(Workspaces());
        Assert.Empty(Directory.GetFiles(Path.Combine(_home.Root, "out"), "*.collect.tar"));
        Assert.Equal(0, _home.Run("--as", "city-auditor", "audit", "verify").Code);
    }

    private string Submit(string query) => _home.Ok("job", "run", _home.Job("nj-credit-2026", query), "--detach").Trim();

    private JsonElement Show(string id) => JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "job", "show", id, "--json")).RootElement;

    private string State(string id) => Show(id).GetProperty("state").GetString()!;

    private List<string> Containers()
    {
        using var ps = Process.Start(new ProcessStartInfo("docker", ["ps", "-aq", "--filter", $"label=sandbox.home={_home.Root}"]) { RedirectStandardOutput = true })!;
        var ids = ps.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        ps.WaitForExit();
        return ids;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var until = Stopwatch.StartNew();
        while (!condition())
        {
            if (until.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException($"waited 90 s for {what}");
            // Polled through the CLI, as an operator would.
            Thread.Sleep(100);
        }
    }

    public void Dispose() => _home.Dispose();
}
