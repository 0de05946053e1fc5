using System.Diagnostics;
using System.Text.Json;
using Sandbox.Host.Tests.Backends.Docker;

namespace Sandbox.Host.Tests.Service;

/// <summary>
/// SIGKILL a real <c>sandbox serve</c> with jobs queued, staging and running (inprocess and docker) and with an export
/// being released, start it again, and check that every job and export ends in a truthful state, nothing is left behind
/// (no container, workspace, scratch folder, materialization temp file, partial output or unrecorded bundle) and the
/// audit log still verifies. SIGTERM ends it with exit 0. The staging and releasing points are caught with the host's
/// test-only pause (<c>SANDBOX_TEST_PAUSE</c>, see CrashPoint), set in the killed process's environment only.
/// </summary>
[Collection("docker")]
public sealed class ServeCrashTests : IDisposable
{
    // 400⁴ rows hashed: more work than its 20 s timeout allows, so it is surely running when the host is killed.
    private const string Slow = "n: select sum(hash(a.name || b.name || c.name || d.name)) as n from enterprise_registry a, enterprise_registry b, enterprise_registry c, enterprise_registry d";
    private const string Quick = "by_district: select district, count(*) as n from enterprise_registry group by district";

    private readonly TestHome _home = new TestHome().WithCity(enterprises: 400, residents: 60);

    // The served processes' temporary folder, where a job's DuckDB scratch folders (sandbox-XXXXXX) are made.
    private readonly DirectoryInfo _tmp = Directory.CreateTempSubdirectory("serve-tmp-");

    [Fact]
    public void Kill_WithInprocessJobsRunningAndQueued_EndsEachTruthfullyAfterRestart()
    {
        string[] slow, quick;
        using (var serve = ServeProcess.Start(_home, Environment()))
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

        using (var again = ServeProcess.Start(_home, Environment()))
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
        // The host's warm instances keep their spill folders while it runs; stopped, it leaves none.
        Assert.Empty(_tmp.GetDirectories("sandbox-*"));
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
        // The host's warm instances keep their spill folders while it runs; stopped, it leaves none.
        Assert.Empty(_tmp.GetDirectories("sandbox-*"));
    }

    // A scratch folder whose owner lock a live process holds (see ScratchFolder).
    private static bool IsHeld(DirectoryInfo folder)
    {
        try
        {
            using (new FileStream(Path.Combine(folder.FullName, ".owner"), FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private string[] Workspaces()
    {
        var workspaces = Path.Combine(_home.Root, "workspaces");
        return Directory.Exists(workspaces) ? Directory.GetFileSystemEntries(workspaces) : [];
    }

    private void AssertNothingLeft()
    {
        // A job that ends normally closes its workspace while its end is recorded (JobService), so it may outlive the
        // recorded state by a moment: wait for it, bounded. What a killed process left must be gone for good.
        WaitFor(() => Workspaces().Length == 0, "the workspaces of ended jobs removed");
        // What a killed process left is gone; a folder that stays is held by the running host (a warm instance's).
        Assert.All(_tmp.GetDirectories("sandbox-*"), folder => Assert.True(IsHeld(folder), $"{folder.Name}: left by a dead process"));
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

    [Fact]
    public void Kill_WhileAJobIsStaging_RequeuesItAndLeavesNoMaterializationTemporaries()
    {
        var marker = Path.Combine(_tmp.FullName, "reached");
        var materialized = Path.Combine(_home.Root, "materialized", "nj-credit-2026");
        string id;
        using (var serve = ServeProcess.Start(_home, Paused("materialize-written", marker)))
        {
            id = Submit(Quick);
            WaitFor(() => File.Exists(marker), "the grant's table masked into its temporary files");
            Assert.Equal("staging", State(id));
            Assert.NotEmpty(Temporaries(materialized));
            serve.Kill();
        }
        Assert.Equal("staging", State(id));

        using (var again = ServeProcess.Start(_home, Environment()))
        {
            WaitFor(() => State(id) is not ("queued" or "staging" or "running"), "the staged job ended");
            // Staging had not started the job's code: it went back to the queue and ran whole on the restarted host.
            Assert.Equal("succeeded", State(id));
            Assert.Contains(Audit(), e => e.GetProperty("action").GetString() == "job.reconcile" && e.GetProperty("subject").GetString() == id);
            Assert.Empty(Temporaries(materialized));
            Assert.Single(Directory.GetFiles(materialized, "enterprise_registry.*.parquet"));
            AssertNothingLeft();
            Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(30)));
        }
        // The host's warm instances keep their spill folders while it runs; stopped, it leaves none.
        Assert.Empty(_tmp.GetDirectories("sandbox-*"));
    }

    [Theory]
    [InlineData("release-written")]
    [InlineData("release-published")]
    public async Task Kill_WhileAnExportIsBeingReleased_LeavesItUnreleasedWithNoBundleUntilReleasedAgain(string point)
    {
        var job = JsonDocument.Parse(_home.Ok("job", "run", "--wait", _home.Job("nj-credit-2026", Quick), "--json")).RootElement.GetProperty("id").GetString()!;
        var export = JsonDocument.Parse(_home.Ok("export", "request", job, "by_district", "--json")).RootElement.GetProperty("id").GetString()!;
        _home.Ok("--as", "gov-reviewer", "export", "review", export, "--stage", "technical", "--approve", "--note", "district counts");
        _home.Ok("--as", "expert-reviewer", "export", "review", export, "--stage", "comprehensive", "--approve", "--note", "fit for release");
        var marker = Path.Combine(_tmp.FullName, "reached");
        var bundles = Path.Combine(_home.Root, "bundles");

        using (var serve = ServeProcess.Start(_home, Paused(point, marker)))
        {
            using var client = new HttpClient { BaseAddress = serve.Address, Timeout = TimeSpan.FromMinutes(3) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", _home.Ok("token", "issue", "zijin-analyst").Trim());
            var release = client.PostAsync($"/v1/exports/{export}/release", null);
            WaitFor(() => File.Exists(marker), $"the release at {point}");
            // Caught in the window: the bundle whole under a temporary name, or in place but not recorded.
            var folder = Assert.Single(Directory.GetDirectories(bundles));
            Assert.Equal(point == "release-written", Path.GetFileName(folder).StartsWith(".rel-", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(folder, "manifest.sig")));
            serve.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => release);
        }
        Assert.Equal("approved", ExportState(export));

        using (var again = ServeProcess.Start(_home, Environment()))
        {
            // The host reconciles before it takes work: the interrupted bundle is gone, the export still approved.
            WaitFor(() => Directory.GetDirectories(bundles).Length == 0, "the interrupted bundle removed");
            Assert.Equal("approved", ExportState(export));
            AssertNothingLeft();

            // Released again, whole: a new bundle that verifies, and the only one.
            using var client = new HttpClient { BaseAddress = again.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", _home.Ok("token", "issue", "zijin-analyst").Trim());
            var released = JsonDocument.Parse(await (await client.PostAsync($"/v1/exports/{export}/release", null)).Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("released", released.GetProperty("state").GetString());
            var bundle = Assert.Single(Directory.GetDirectories(bundles));
            Assert.Equal(released.GetProperty("releaseId").GetString(), Path.GetFileName(bundle));
            _home.Ok("export", "verify", bundle, "--public-key", _home.Ok("keys", "show").Trim());
            Assert.Equal(0, _home.Run("--as", "city-auditor", "audit", "verify").Code);
            Assert.Equal(0, again.Terminate(TimeSpan.FromSeconds(30)));
        }
    }

    private Dictionary<string, string> Environment() => new() { ["TMPDIR"] = _tmp.FullName };

    private Dictionary<string, string> Paused(string point, string marker) => new(Environment()) { ["SANDBOX_TEST_PAUSE"] = $"{point}:{marker}" };

    // A build's temporary files start with a dot (.TABLE.ADDRESS.GUID.parquet); locks do not.
    private static string[] Temporaries(string directory) => Directory.Exists(directory) ? Directory.GetFiles(directory, ".*") : [];

    private List<JsonElement> Audit() => [.. JsonDocument.Parse(_home.Ok("--as", "city-auditor", "audit", "show", "--json")).RootElement.EnumerateArray()];

    private string ExportState(string id) =>
        JsonDocument.Parse(_home.Ok("--as", "gov-reviewer", "export", "show", id, "--json")).RootElement.GetProperty("state").GetString()!;

    public void Dispose()
    {
        _home.Dispose();
        _tmp.Delete(recursive: true);
    }
}
