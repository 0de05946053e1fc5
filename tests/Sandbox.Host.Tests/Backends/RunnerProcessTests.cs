using System.Diagnostics;
using Sandbox.Contracts.Jobs;
using Sandbox.Host.Backends;

namespace Sandbox.Host.Tests.Backends;

/// <summary>
/// The runner as a process of the host's (an inprocess ml job): what it is given (no environment), how it is stopped
/// (deadline, cancellation, log limit) and what of its word is taken (the report's outputs only). Runners here are
/// shell scripts standing in for <c>sandbox-runner</c>; MlJobTests run the real one.
/// </summary>
public sealed class RunnerProcessTests : IDisposable
{
    private const string Succeeded = """{"outcome":"succeeded","reason":null,"outputs":[{"name":"model.zip","rows":0}],"cpuMilliseconds":5,"peakMemoryBytes":1048576}""";

    private readonly string _root = Directory.CreateTempSubdirectory("sandbox-runner-process-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Runner(string body)
    {
        var path = Path.Combine(_root, "runner.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private Task<BackendResult> Run(string runner, TimeSpan? timeout = null, CancellationToken cancellationToken = default, string output = "out")
    {
        var workspace = Directory.CreateDirectory(Path.Combine(_root, "workspace")).FullName;
        File.WriteAllBytes(Path.Combine(workspace, "t.parquet"), new byte[4096]);
        return RunnerProcess.RunAsync("ml", workspace, Path.Combine(_root, "job.json"), Path.Combine(_root, output), Path.Combine(_root, "logs"),
            timeout ?? TimeSpan.FromSeconds(30), cancellationToken, runner);
    }

    private string Stdout => File.ReadAllText(Path.Combine(_root, "logs", "stdout.log"));

    [Fact]
    public async Task Runner_GetsNoneOfTheHostsEnvironment_AndItsArguments()
    {
        Environment.SetEnvironmentVariable("SANDBOX_RUNNER_PROCESS_TEST_SECRET", "do-not-pass");

        var result = await Run(Runner("env; echo \"args: $*\"; echo \"cwd: $(pwd)\"; echo x > \"$4/model.zip\"; echo '" + Succeeded + "'"));

        Assert.Equal(JobState.Succeeded, result.State);
        Assert.DoesNotContain("SANDBOX_RUNNER_PROCESS_TEST_SECRET", Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SANDBOX_HOME", Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Stdout.Split('\n'), l => l.StartsWith("HOME=", StringComparison.Ordinal) || l.StartsWith("LANG=", StringComparison.Ordinal));
        Assert.Contains($"args: ml {Path.Combine(_root, "workspace")} {Path.Combine(_root, "job.json")} {Path.Combine(_root, "out")}", Stdout, StringComparison.Ordinal);
        Assert.Contains($"cwd: {Path.Combine(_root, "workspace")}", Stdout, StringComparison.Ordinal);
        var output = Assert.Single(result.Outputs);
        Assert.Equal("model.zip", output.Name);
        Assert.Equal("runner", result.Usage!.Attribution);
        Assert.True(result.Usage.CpuMilliseconds >= 5, $"{result.Usage}");
        Assert.True(result.Usage.PeakMemoryBytes >= 1 << 20, $"{result.Usage}");
        Assert.Equal(4096, result.Usage.ReadBytes);
    }

    [Fact]
    public async Task FilesTheReportDoesNotName_AreNotOutputs_AndNoReportIsAFailure()
    {
        var forged = await Run(Runner("echo x > \"$4/model.zip\"; echo y > \"$4/leak.csv\"; echo 'not a report'; exit 3"));

        Assert.Equal(JobState.Failed, forged.State);
        Assert.Equal(3, forged.ExitCode);
        Assert.Contains("the runner exited 3 without a report", forged.Reason, StringComparison.Ordinal);
        Assert.Empty(forged.Outputs);

        var named = await Run(Runner("echo y > \"$4/leak.csv\"; echo '" + Succeeded + "'"), output: "out2");
        // The report names model.zip, which is not there; leak.csv is there, but not named.
        Assert.Equal(JobState.Succeeded, named.State);
        Assert.Empty(named.Outputs);
    }

    [Fact]
    public async Task PastItsDeadline_TheRunnerAndItsChildrenAreKilled()
    {
        var pids = Path.Combine(_root, "pids");
        var clock = Stopwatch.StartNew();

        var result = await Run(Runner($"sleep 120 & echo $! > {pids}; wait"), TimeSpan.FromSeconds(1));

        Assert.Equal(JobState.Killed, result.State);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal("ran past its timeout of 1s and was killed", result.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{clock.Elapsed}");
        var child = int.Parse(File.ReadAllText(pids).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{child}") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), "the runner's child still runs");
    }

    [Fact]
    public async Task Cancelled_KillsTheRunner()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await Run(Runner("sleep 120"), cancellationToken: cancel.Token);

        Assert.Equal(JobState.Cancelled, result.State);
        Assert.Equal(130, result.ExitCode);
    }

    [Fact]
    public async Task PrintingPastTheLogLimit_KillsTheRunner()
    {
        var result = await Run(Runner("head -c 6000000 /dev/zero | tr '\\0' 'a'; sleep 120"));

        Assert.Equal(JobState.Killed, result.State);
        Assert.Contains("log limit", result.Reason, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(_root, "logs", "stdout.log")).Length <= 4 << 20);
    }

    [Fact]
    public async Task MissingRunner_FailsNamingIt()
    {
        var missing = Path.Combine(_root, "no-such-runner");

        var result = await Run(missing);

        Assert.Equal(JobState.Failed, result.State);
        Assert.Contains("could not start", result.Reason, StringComparison.Ordinal);
        // The reason is the job's, which its operator reads: no server path.
        Assert.DoesNotContain(_root, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_BesideTheHostWithItsAssembly_ElseInRunnerFolder_ElseNone()
    {
        var host = Directory.CreateDirectory(Path.Combine(_root, "host")).FullName;
        Assert.Null(RunnerProcess.Locate(host));
        // An apphost without its assembly is what a native publish leaves beside itself: not a runner.
        File.WriteAllText(Path.Combine(host, RunnerProcess.Executable), "");
        Assert.Null(RunnerProcess.Locate(host));
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(host, "runner")).FullName, RunnerProcess.Executable), "");
        Assert.Equal(Path.Combine(host, "runner", RunnerProcess.Executable), RunnerProcess.Locate(host));
        File.WriteAllText(Path.Combine(host, RunnerProcess.Executable + ".dll"), "");
        Assert.Equal(Path.Combine(host, RunnerProcess.Executable), RunnerProcess.Locate(host));
        // The test's own folder holds the built runner, as a host's build does.
        Assert.NotNull(RunnerProcess.Locate());
    }
}
