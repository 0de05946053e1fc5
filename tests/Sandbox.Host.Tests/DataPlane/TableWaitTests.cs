using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Sandbox.Host.DataPlane;
using Sandbox.Host.Home;
using Sandbox.Host.Tests.Cli;

namespace Sandbox.Host.Tests.DataPlane;

/// <summary>
/// A job whose first use finds its table being built by another process waits on the table's lock, and says so: two
/// real processes, `grant prepare` held at its crash point (the table masked and written, not yet renamed into place:
/// its lock held) and a `job run --wait --progress`, which shows the wait, how far the builder got (all rows done) and
/// the wait's end,
/// in the reader's language. The builder is then killed: the job builds the table itself and succeeds.
/// </summary>
public sealed class TableWaitTests
{
    private const string Grant = "nj-credit-2026";

    [Fact]
    public async Task FirstUse_TableBeingBuiltByGrantPrepare_TheJobSaysItWaitsAndHowFarTheBuilderIs_InEnglishAndChinese()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 600);

        // The grant's first table: prepare holds it; then (that table built by the job) its second.
        var first = await WaitedOn(home, null, table => ($"waiting for table {table} of grant {Grant}: another job or `grant prepare` is building it",
            $"waiting for table {table}: its builder has done {Rows(table)} of {Rows(table)} rows (100%)", $"table {table} is free after a wait of ",
            $"materializing {table} for grant {Grant}: ", $"materialized {table}: "));
        var second = await WaitedOn(home, "zh-CN", table => ($"正在等待表 {table}（授权 {Grant}）：另一个作业或 `grant prepare` 正在构建它",
            $"正在等待表 {table}：构建方已完成 {Rows(table)} / {Rows(table)} 行（100%）", $"表 {table} 已可用，等待了 ",
            $"正在为授权 {Grant} 物化 {table}：", $"已物化 {table}："));

        Assert.NotEqual(first, second);
        // Nothing of either wait is left beside the tables: no published progress, no temporary file.
        Assert.Empty(Directory.GetFiles(Materializer.DirectoryOf(new SandboxHome(home.Root), Grant), ".*"));
    }

    private static string Rows(string table) => table == "residents" ? "600" : "20";

    // Holds prepare at its crash point on the next table it builds, runs a job on that table, and checks its progress.
    private static async Task<string> WaitedOn(TestHome home, string? lang, Func<string, (string Wait, string Builder, string Free, string Building, string Built)> expected)
    {
        var marker = Path.Combine(home.Root, "paused-" + Guid.NewGuid().ToString("N")[..6]);
        var env = new Dictionary<string, string> { [MaterializationProgress.IntervalVariable] = "0" };
        using var prepare = SandboxProcess.Start(["--as", TestHome.Bureau, "grant", "prepare", Grant, "--home", home.Root],
            new Dictionary<string, string>(env) { [CrashPoint.Variable] = $"{CrashPoint.MaterializeWritten}:{marker}" });
        var prepared = new StringBuilder();
        var preparing = Follow(prepare.StandardError, prepared);
        // Its first line, read from its pipe, may come after the marker it writes later: both are waited for.
        var materializing = new Regex($@"materializing (\w+) for grant {Grant}");
        Until(() => File.Exists(marker) && materializing.IsMatch(Text(prepared)), prepare, prepared, "prepare never reached its crash point");
        var table = materializing.Match(Text(prepared)).Groups[1].Value;
        Assert.NotEmpty(table);
        var (wait, builder, free, building, built) = expected(table);

        string[] args = ["--as", TestHome.Analyst, "job", "run", "--wait", "--progress", home.Job(Grant, $"n: select count(*) as n from {table}"), "--home", home.Root];
        using var job = SandboxProcess.Start(lang is null ? args : ["--lang", lang, .. args], env);
        var said = new StringBuilder();
        var saying = Follow(job.StandardError, said);
        var output = job.StandardOutput.ReadToEndAsync();
        // The job shows the builder's rows while it waits; only then is the builder killed (its lock goes with it).
        Until(() => Text(said).Contains(builder, StringComparison.Ordinal), job, said, $"the job never showed '{builder}'");
        Assert.False(job.HasExited);
        prepare.Kill();
        await prepare.WaitForExitAsync();
        await preparing;

        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await job.WaitForExitAsync(limit.Token);
        await saying;
        var error = Text(said);
        Assert.True(job.ExitCode == 0, error);
        Assert.Contains("succeeded", await output, StringComparison.Ordinal);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        int At(string start) => lines.FindIndex(l => l.StartsWith(start, StringComparison.Ordinal));
        int[] order = [lines.FindIndex(l => l.Contains("staging", StringComparison.Ordinal)), At(wait), At(builder), At(free), At(building), At(built),
            lines.FindIndex(l => l.Contains("running", StringComparison.Ordinal))];
        Assert.True(order.All(i => i >= 0) && order.Zip(order.Skip(1)).All(p => p.First < p.Second), error);
        Assert.Equal(1, lines.Count(l => l.StartsWith(wait, StringComparison.Ordinal)));
        Assert.Equal(1, lines.Count(l => l.StartsWith(builder, StringComparison.Ordinal)));
        if (lang is not null) Assert.DoesNotContain("waiting", error, StringComparison.Ordinal);
        return table;
    }

    private static Task Follow(StreamReader stream, StringBuilder into) => Task.Run(async () =>
    {
        while (await stream.ReadLineAsync() is { } line)
        {
            lock (into) into.AppendLine(line);
        }
    });

    private static string Text(StringBuilder text)
    {
        lock (text) return text.ToString();
    }

    // Waits for a condition a process brings about; fails when the process ended first, or after two minutes.
    private static void Until(Func<bool> condition, Process process, StringBuilder said, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited && !condition(), $"{failure}; it ended:\n{Text(said)}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"{failure}:\n{Text(said)}");
            Thread.Sleep(50);
        }
    }
}
