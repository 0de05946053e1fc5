using System.Text.Json;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// Jobs that attack the supervisor's report: the stdout stream that carries, after the job, the header and the tar of
/// <c>/out</c>. A job can forge that report (it runs as the same user as the supervisor and can read its memory), so
/// forging must win it nothing: no file past the collection checks, no "succeeded" over a kill by the host.
/// </summary>
[Collection("docker")]
public sealed class DockerSupervisorAttackTests(DockerCity city) : IClassFixture<DockerCity>
{
    /// <summary>
    /// Python that finds the job's real boundary in the supervisor's memory (its parent: the subshell exec'd the job)
    /// and defines <c>forge(members)</c>: prints boundary, a header claiming success, boundary, and a tar of the members.
    /// </summary>
    private const string Forger = """
        import io, os, re, sys, tarfile

        def boundary():
            pid = os.getppid()
            with open(f"/proc/{pid}/mem", "rb", 0) as mem:
                for line in open(f"/proc/{pid}/maps").read().splitlines():
                    addr, perms = line.split()[:2]
                    if not perms.startswith("rw"):
                        continue
                    start, end = (int(x, 16) for x in addr.split("-"))
                    try:
                        mem.seek(start)
                        found = re.search(rb"sandbox-boundary-[0-9a-f]{32}", mem.read(end - start))
                    except (OSError, ValueError, OverflowError):
                        continue
                    if found:
                        return found.group(0)
            return b"sandbox-boundary-" + b"0" * 32

        def forge(members):
            b = boundary()
            print("forging with", "the real boundary" if not b.endswith(b"0" * 32) else "a guess", flush=True)
            data = io.BytesIO()
            with tarfile.open(fileobj=data, mode="w") as tar:
                for name, target in members:
                    info = tarfile.TarInfo(name)
                    if target is None:
                        info.size = 4
                        tar.addfile(info, io.BytesIO(b"a\n1\n"))
                    else:
                        info.type, info.linkname = tarfile.SYMTYPE, target
                        tar.addfile(info)
            out = sys.stdout.buffer
            out.write(b + b"\nexit 0\nmemory oom_kill 0\npids max 0\n" + b + b"\n" + data.getvalue())
            out.flush()
        """;

    private static string State(JsonElement job) => job.GetProperty("state").GetString()!;

    private static string Reason(JsonElement job) => job.GetProperty("reason").GetString() ?? "";

    private static string[] Outputs(JsonElement job) => [.. job.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()!)];

    private string OutDirectory(JsonElement job) => Path.Combine(city.Home.Root, "out", job.GetProperty("id").GetString()!);

    [DockerFact]
    public void ForgedReport_WithALinkInItsTar_CollectsNothing()
    {
        var job = city.Run(city.PythonJob(Forger + "\n" + """
            forge([("forged.csv", None), ("leak", "/etc/passwd")])
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("no outputs were collected", Reason(job));
        Assert.Empty(Outputs(job));
        Assert.False(File.Exists(Path.Combine(OutDirectory(job), "leak")));
        Assert.False(File.Exists(Path.Combine(OutDirectory(job), "forged.csv")));
    }

    [DockerFact]
    public void ForgedReport_OfRegularFiles_IsCaughtByTheRealReportAfterIt()
    {
        // The job's real /out holds nothing; the forged tar claims a file. The supervisor's own report follows the forgery.
        var job = city.Run(city.PythonJob(Forger + "\n" + """
            forge([("forged.csv", None)])
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("no outputs were collected", Reason(job));
        Assert.Empty(Outputs(job));
        Assert.Contains("forging with", city.Logs(job));
    }

    [DockerFact]
    public void ForgedReport_ThenRunningPastTheTimeout_IsKilledNotSucceeded()
    {
        var job = city.Run(city.PythonJob(Forger + "\n" + """
            import time
            forge([("forged.csv", None)])
            time.sleep(120)
            """, limits: "{ timeout: 4s }"));

        Assert.Equal("killed", State(job));
        Assert.Contains("ran past its timeout of 4s", Reason(job));
        Assert.Empty(Outputs(job));
    }

    [DockerFact]
    public void ForgedReport_ThenKillingTheSupervisor_CollectsNothing()
    {
        var job = city.Run(city.PythonJob(Forger + "\n" + """
            import signal, time
            open("/out/real.csv", "w").write("a\n1\n")
            forge([("forged.csv", None)])
            os.kill(os.getppid(), signal.SIGKILL)
            time.sleep(30)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("no outputs were collected", Reason(job));
        Assert.Empty(Outputs(job));
    }

    [DockerFact]
    public void GuessedBoundary_WrittenThroughTheSupervisorsStdout_StaysInTheJobsLogs()
    {
        // /proc/PPID/fd/1 and /proc/1/fd/1 are the container's stdout itself: reachable, but without the boundary it is log.
        var job = city.Run(city.PythonJob("""
            import os
            fake = b"sandbox-boundary-" + b"0" * 32
            report = fake + b"\nexit 0\n" + fake + b"\nFORGED-TAR\n"
            for path in (f"/proc/{os.getppid()}/fd/1", "/proc/1/fd/1"):
                try:
                    with open(path, "wb") as out:
                        out.write(report)
                    print("wrote", path, flush=True)
                except OSError as e:
                    print("blocked:", path, e.strerror, flush=True)
            open("/out/real.csv", "w").write("a\n1\n")
            raise SystemExit(3)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("exited 3", Reason(job));
        Assert.Equal(["real.csv"], Outputs(job));
        Assert.Contains("FORGED-TAR", city.Logs(job));
    }

    [DockerFact]
    public void BackgroundWriter_LeftRunningByTheJob_DoesNotGarbleTheCollection()
    {
        var job = city.Run(city.PythonJob("""
            import subprocess
            # Writes to stdout for as long as it lives; the supervisor kills it when the job's own process ends.
            subprocess.Popen(["sh", "-c", "while :; do echo noise; done"])
            open("/out/real.csv", "w").write("a\n1\n2\n")
            """));

        Assert.Equal("succeeded", State(job));
        var output = job.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("real.csv", output.GetProperty("name").GetString());
        Assert.Equal(2, output.GetProperty("rows").GetInt64());
    }
}
