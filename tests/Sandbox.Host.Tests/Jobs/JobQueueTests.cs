using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sandbox.Host.Api;
using Sandbox.Host.Home;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>The durable queue: jobs stored and returned at once, run by the host's workers fairly across operators.</summary>
public sealed class JobQueueTests
{
    private static TestHome CityWithTwoOperators()
    {
        var home = new TestHome().WithCity(enterprises: 30, residents: 30);
        // harbor-logistics gets an active grant of its own, so both operators can queue work.
        var path = Path.Combine(home.Root, "harbor-2026.yaml");
        File.WriteAllText(path, TestHome.GrantText("nj-credit-2026.yaml").Replace("id: nj-credit-2026", "id: harbor-2026")
            .Replace("operator: { id: zijin-credit, name: 紫金征信有限公司, foreign: false }", "operator: { id: harbor-logistics, name: 港湾物流, foreign: false }"));
        home.Ok("policy", "apply", path);
        return home;
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> Serve(TestHome home, int perBackend = 2)
    {
        var app = new ApiServer(new SandboxHome(home.Root), TimeProvider.System) { WorkersPerBackend = perBackend }.Build("http://127.0.0.1:0");
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> WaitForEnd(TestHome home, string id)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = JsonDocument.Parse(home.Ok("--as", "gov-reviewer", "job", "show", id, "--json")).RootElement;
            if (job.GetProperty("state").GetString() is not ("queued" or "staging" or "running")) return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {id} never ended");
    }

    [Fact]
    public async Task Post_Job_Is202WithLocationAndAWorkerRunsIt()
    {
        using var home = CityWithTwoOperators();
        await using var app = await Serve(home);
        using var client = new HttpClient { BaseAddress = new Uri(ApiServer.Address(app)) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", home.Ok("token", "issue", "zijin-analyst").Trim());

        var response = await client.PostAsync("/v1/jobs", new StringContent("grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select count(*) as n from residents\n", Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/jobs/{id}", response.Headers.Location!.ToString());
        Assert.Equal("succeeded", (await WaitForEnd(home, id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Post_TarWithJobFileAndFiles_IsUnpackedIntoItsOwnFolderAndRun()
    {
        using var home = CityWithTwoOperators();
        await using var app = await Serve(home);
        using var client = new HttpClient { BaseAddress = new Uri(ApiServer.Address(app)) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", home.Ok("token", "issue", "zijin-analyst").Trim());
        using var tar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
        {
            var job = Encoding.UTF8.GetBytes("grant: nj-credit-2026\nkind: sql\nqueries:\n  n: select count(*) as n from residents\n");
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "job.yaml") { DataStream = new MemoryStream(job) });
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "code/notes.txt") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }
        var content = new ByteArrayContent(tar.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");

        var response = await client.PostAsync("/v1/jobs?wait=true", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("succeeded", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString());

        // A tar with a link in it is bad input naming the entry; nothing runs.
        using var evil = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(evil, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "job.yaml") { LinkName = "/etc/passwd" });
        }
        var bad = new ByteArrayContent(evil.ToArray());
        bad.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        var refused = await client.PostAsync("/v1/jobs", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("job.yaml", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Workers_OneOperatorsBacklog_DoesNotStarveAnothersJob()
    {
        using var home = CityWithTwoOperators();
        var zijin = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            zijin.Add(home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", $"n: select count(*) + {i} as n from residents")).Trim());
            home.Time.Advance(TimeSpan.FromSeconds(1)); // submitted one after the other: the oldest is the first
        }
        var harbor = home.Ok("--as", "harbor-analyst", "job", "run", "--detach", home.Job("harbor-2026", "n: select count(*) as n from residents")).Trim();
        Assert.Equal("queued", JsonDocument.Parse(home.Ok("job", "show", zijin[0], "--json")).RootElement.GetProperty("state").GetString());

        await using (var app = await Serve(home, perBackend: 1))
        {
            foreach (var id in zijin.Append(harbor)) Assert.Equal("succeeded", (await WaitForEnd(home, id)).GetProperty("state").GetString());
        }

        // One at a time: zijin's oldest first, then harbor's single job, not after zijin's whole backlog.
        var started = JsonDocument.Parse(home.Ok("audit", "show", "--json")).RootElement.EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "job.stage").Select(e => e.GetProperty("subject").GetString()).ToList();
        Assert.Equal(zijin[0], started[0]);
        Assert.Equal(harbor, started[1]);
    }

    [Fact]
    public void Cancel_QueuedJobNobodyTook_EndsItAtOnce()
    {
        using var home = CityWithTwoOperators();
        var id = home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Trim();
        home.Ok("job", "cancel", id);
        var job = JsonDocument.Parse(home.Ok("--as", "gov-reviewer", "job", "show", id, "--json")).RootElement;
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Contains("while queued", job.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Workers_JobTakenByAWorkerThatDied_IsQueuedAgainAndRun()
    {
        using var home = CityWithTwoOperators();
        var id = home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Trim();
        // A worker took it, then its process died (a pid no process has, an old start time).
        home.Sql($"INSERT INTO job_owners(job_id, pid, started) VALUES ('{id}', 999999, '1')");

        await using (var app = await Serve(home))
        {
            Assert.Equal("succeeded", (await WaitForEnd(home, id)).GetProperty("state").GetString());
        }
        Assert.Contains("back in the queue", home.Ok("audit", "show"));
        Assert.Equal(0, home.Run("--as", "city-auditor", "audit", "verify").Code);
    }

    [Fact]
    public async Task Wait_QueuedJobAHostRuns_ShowsEachStateItEntersAndEndsWithTheJob()
    {
        using var home = CityWithTwoOperators();
        var id = home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Trim();
        var waiting = Task.Run(() => home.Run("job", "wait", id));
        await Task.Delay(300); // the wait has seen the job queued before any worker exists
        (int Code, string Out, string Err) waited;
        await using (var app = await Serve(home))
        {
            waited = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(0, waited.Code);
        Assert.Contains($"job {id}: succeeded (exit 0", waited.Out);
        // The state lines (a first use's materialization lines come in between).
        var states = waited.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("job ", StringComparison.Ordinal)).Select(l => l.Split(": ")[1].Split(' ')[0]).ToList();
        Assert.Equal("queued", states[0]);
        Assert.Equal("succeeded", states[^1]);
        Assert.Equal(states.Count, states.Distinct().Count()); // a line per state entered, not per poll
    }

    [Fact]
    public void Wait_TimeoutBeforeTheJobEnds_SaysItGoesOnAndLeavesItQueued()
    {
        using var home = CityWithTwoOperators();
        var id = home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Trim();
        var (code, output, error) = home.Run("job", "wait", id, "--timeout", "00:00:00.5");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains($"job {id}: queued", error);
        Assert.Contains("has not ended", error);
        Assert.Equal("queued", JsonDocument.Parse(home.Ok("job", "show", id, "--json")).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public void Wait_AnotherOrganizationsJob_IsAnsweredAsMissing()
    {
        using var home = CityWithTwoOperators();
        var id = home.Ok("job", "run", "--detach", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Trim();
        var (code, _, error) = home.Run("--as", "harbor-analyst", "job", "wait", id, "--timeout", "00:00:01");
        Assert.NotEqual(0, code);
        Assert.Contains($"no job '{id}'", error);
        Assert.DoesNotContain("queued", error);
    }

    [Fact]
    public void Run_WithProgress_ShowsEachStateOnStderrAndKeepsStdoutTheResult()
    {
        using var home = CityWithTwoOperators();
        var (code, output, error) = home.Run("job", "run", "--wait", "--progress", home.Job("nj-credit-2026", "n: select count(*) as n from residents"));
        Assert.Equal(0, code);
        var states = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("job ", StringComparison.Ordinal)).Select(l => l.Split(": ")[1].Split(' ')[0]).ToList();
        Assert.Equal(["queued", "staging", "running", "succeeded"], states);
        Assert.StartsWith("job job-", output);

        // Without it, and stderr not a terminal: nothing on stderr.
        Assert.Empty(home.Run("job", "run", "--wait", home.Job("nj-credit-2026", "n: select count(*) as n from residents")).Err);
    }
}
