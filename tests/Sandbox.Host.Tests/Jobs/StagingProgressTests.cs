using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Backends;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Jobs;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.Jobs;

/// <summary>
/// A job's first use of a table materializes it while the job stages: `job run --wait --progress` (same process) and
/// `job wait` (another process) show how far it has got, in the reader's language; stdout keeps the result or JSON.
/// </summary>
public sealed class StagingProgressTests
{
    private const string Grant = "nj-credit-2026";

    // A line for every batch: these tables take well under the 2 s between lines of a real run.
    private static readonly Dictionary<string, string> EveryBatch = new() { [MaterializationProgress.IntervalVariable] = "0" };

    [Fact]
    public async Task RunWaitProgress_FirstUse_ShowsTheMaterializationBetweenStagingAndRunning_InEnglishAndChinese()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 600);
        var job = home.Job(Grant, "n: select count(*) as n from residents");

        var (code, output, error) = await SandboxProcess.RunAsync(["--as", TestHome.Analyst, "job", "run", "--wait", "--progress", job, "--home", home.Root], EveryBatch);

        Assert.True(code == 0, error); // a failure shows the child's stderr, not only its code
        Assert.StartsWith("job job-", output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var staging = lines.FindIndex(l => l.Contains(": staging ", StringComparison.Ordinal));
        var start = lines.FindIndex(l => l.StartsWith($"materializing residents for grant {Grant}: 600 rows", StringComparison.Ordinal));
        var rows = lines.FindIndex(l => l.StartsWith("materializing residents: 600 of 600 rows (100%), ", StringComparison.Ordinal));
        var done = lines.FindIndex(l => l.StartsWith("materialized residents: 600 rows in ", StringComparison.Ordinal));
        var running = lines.FindIndex(l => l.Contains(": running ", StringComparison.Ordinal));
        Assert.True(staging >= 0 && staging < start && start < rows && rows < done && done < running, error);
        Assert.DoesNotContain(lines, l => l.Contains("正在", StringComparison.Ordinal));

        // Materialized now: a second job has nothing to tell but its states.
        (code, _, error) = await SandboxProcess.RunAsync(["--as", TestHome.Analyst, "job", "run", "--wait", "--progress", job, "--home", home.Root], EveryBatch);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("materializ", error);
        Assert.Empty(Directory.GetFiles(Path.Combine(home.Root, "workspaces"), "*.progress"));

        // In Chinese, on a grant's table not materialized yet; --json keeps stdout the job's JSON.
        var registry = home.Job(Grant, "n: select count(*) as n from enterprise_registry");
        (code, output, error) = await SandboxProcess.RunAsync(["--lang", "zh-CN", "--as", TestHome.Analyst, "job", "run", "--wait", "--progress", "--json", registry, "--home", home.Root], EveryBatch);
        Assert.True(code == 0, error);
        Assert.Equal("succeeded", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString());
        Assert.Contains($"正在为授权 {Grant} 物化 enterprise_registry：共 20 行", error);
        Assert.Contains("正在物化 enterprise_registry：已完成 20 / 20 行（100%），用时 ", error);
        Assert.Matches(@"已物化 enterprise_registry：20 行，用时 \d+\.\d 秒\n", error);
        Assert.DoesNotContain("materializ", error);
    }

    [Fact]
    public async Task Wait_AnotherProcessStagesTheJob_ShowsItsMaterializationInTheWaitersLanguage()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 600);
        var path = home.Job(Grant, "n: select count(*) as n from residents");
        var root = new SandboxHome(home.Root);
        using var session = SandboxSession.Open(root, TestHome.Analyst, home.Time);
        var queued = JobService.Enqueue(session, path, "inprocess");
        Assert.True(session.Store.TryClaimJob(queued.Id, ProcessOwner.Current.Pid, ProcessOwner.Current.Started)); // as a host's worker does

        // The waiter: a real process in Chinese, its stderr read as it comes.
        using var waiter = Start(["--lang", "zh-CN", "--as", TestHome.Analyst, "job", "wait", queued.Id, "--home", home.Root]);
        var seen = new StringBuilder();
        var reading = Task.Run(async () =>
        {
            while (await waiter.StandardError.ReadLineAsync() is { } line) lock (seen) seen.AppendLine(line);
        });
        Shown(seen, $"作业 {queued.Id}", reading); // it has seen the job queued

        // This process stages and runs it; it goes on running only once the waiter has shown the whole materialization
        // (so the lines are seen as the job stages; a wait after the end is Wait_JobEndedAndItsWorkspaceGone_…).
        var ended = await JobService.RunAsync(session, path, new InProcessBackend(), CancellationToken.None, queued, changed: j =>
        {
            if (j.State == JobState.Running) Shown(seen, "已物化 residents：600 行", reading);
        });
        await waiter.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await reading;

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.Equal(0, waiter.ExitCode);
        var error = seen.ToString();
        Assert.Contains($"正在为授权 {Grant} 物化 residents：共 600 行", error);
        Assert.Contains("已物化 residents：600 行，用时 ", error);
        Assert.True(error.IndexOf("：staging", StringComparison.Ordinal) < error.IndexOf("正在为授权", StringComparison.Ordinal), error);
        Assert.True(error.IndexOf("已物化", StringComparison.Ordinal) < error.IndexOf("：succeeded", StringComparison.Ordinal), error);
        Assert.DoesNotContain("materializ", error);
        Assert.Contains(queued.Id, await waiter.StandardOutput.ReadToEndAsync());
        Assert.False(File.Exists(root.WorkspaceOf(queued.Id) + ".progress"));
    }

    [Fact]
    public async Task Wait_JobEndedAndItsWorkspaceGone_ShowsEveryStagingLineOnceInOrder_InEnglishAndChinese()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 600);
        var path = home.Job(Grant, "n: select count(*) as n from residents");
        var root = new SandboxHome(home.Root);

        // The job stages (a first use: the table is materialized), runs and ends before any waiter looks: the race of a
        // job that ends within one poll, taken to its end. Its workspace is gone; its staging lines are not.
        var (code, output, error) = await SandboxProcess.RunAsync(["--as", TestHome.Analyst, "job", "run", "--wait", "--json", path, "--home", home.Root], EveryBatch);
        Assert.True(code == 0, error);
        var id = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        Assert.False(Directory.Exists(root.WorkspaceOf(id)));
        var kept = Sandbox.Host.Staging.StagingProgressFile.PathOf(root, id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(kept));
        // Ids, table and column names, counts and seconds: never a value of the table.
        var names = File.ReadAllLines(kept).SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("Args").EnumerateObject().Select(a => a.Name)).ToHashSet();
        Assert.Subset(new HashSet<string> { "table", "grant", "rows", "done", "total", "percent", "seconds" }, names);

        foreach (var (lang, start, rows, done, end) in new[]
        {
            ("en", $"materializing residents for grant {Grant}: 600 rows", "materializing residents: 600 of 600 rows (100%), ",
                "materialized residents: 600 rows in ", $"job {id}: succeeded ("),
            ("zh-CN", $"正在为授权 {Grant} 物化 residents：共 600 行", "正在物化 residents：已完成 600 / 600 行（100%），用时 ",
                "已物化 residents：600 行，用时 ", $"作业 {id}：succeeded（"),
        })
        {
            (code, output, error) = await SandboxProcess.RunAsync(["--lang", lang, "--as", TestHome.Analyst, "job", "wait", id, "--home", home.Root]);
            Assert.True(code == 0, error);
            Assert.Contains(id, output);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            // Each line once, in the order written, and the end last.
            Assert.Equal(1, lines.Count(l => l.StartsWith(start, StringComparison.Ordinal)));
            Assert.Equal(1, lines.Count(l => l.StartsWith(rows, StringComparison.Ordinal)));
            Assert.Equal(1, lines.Count(l => l.StartsWith(done, StringComparison.Ordinal)));
            Assert.True(lines.FindIndex(l => l.StartsWith(start, StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith(rows, StringComparison.Ordinal))
                && lines.FindIndex(l => l.StartsWith(rows, StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith(done, StringComparison.Ordinal))
                && lines.FindIndex(l => l.StartsWith(done, StringComparison.Ordinal)) < lines.FindIndex(l => l.StartsWith(end, StringComparison.Ordinal)), error);
            Assert.StartsWith(end, lines[^1], StringComparison.Ordinal);
        }
    }

    // Waits for `text` in what the waiter has written; fails when it ended without.
    private static void Shown(StringBuilder seen, string text, Task reading)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            lock (seen)
            {
                if (seen.ToString().Contains(text, StringComparison.Ordinal)) return;
            }
            Assert.False(reading.IsCompleted && !seen.ToString().Contains(text, StringComparison.Ordinal), $"the waiter ended without '{text}':\n{seen}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"the waiter never showed '{text}':\n{seen}");
            Thread.Sleep(20);
        }
    }

    private static Process Start(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sandbox.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var name in new[] { "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "SANDBOX_SERVER", "SANDBOX_TOKEN" }) info.Environment.Remove(name);
        return Process.Start(info)!;
    }
}
