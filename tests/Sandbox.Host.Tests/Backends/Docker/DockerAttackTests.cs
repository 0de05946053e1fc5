using System.Text.Json;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// Real jobs that try to get out. Each must be stopped or fail inside its container, be reported with a clear
/// reason in `job show`, and leave the host, the store and other jobs untouched.
/// </summary>
[Collection("docker")]
public sealed class DockerAttackTests(DockerCity city) : IClassFixture<DockerCity>
{
    private static string State(JsonElement job) => job.GetProperty("state").GetString()!;

    private static string Reason(JsonElement job) => job.GetProperty("reason").GetString() ?? "";

    private void AssertHostUntouched()
    {
        Assert.Equal(0, city.Home.Run("audit", "verify").Code);
        Assert.Empty(Directory.GetDirectories(Path.Combine(city.Home.Root, "workspaces")));
    }

    [DockerFact]
    public void Network_TcpConnectAndDnsResolve_Fail()
    {
        var job = city.Run(city.PythonJob("""
            import socket
            for attempt in (lambda: socket.create_connection(("1.1.1.1", 80), timeout=3), lambda: socket.getaddrinfo("deb.debian.org", 80)):
                try:
                    attempt()
                    print("ESCAPED")
                except OSError as e:
                    print("blocked:", e)
            raise SystemExit(3)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("exited 3", Reason(job));
        var logs = city.Logs(job);
        Assert.DoesNotContain("ESCAPED", logs);
        Assert.Equal(2, logs.Split('\n').Count(l => l.Contains("blocked:", StringComparison.Ordinal)));
        AssertHostUntouched();
    }

    [DockerFact]
    public void HostPaths_ShadowStoreRawDataOtherJobs_AreNotReadable()
    {
        // Another job's files: its output folder on the host (its workspace lives and dies with its run).
        var other = Path.Combine(city.Home.Root, "out", "job-other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "secret.csv"), "x");
        var raw = Directory.GetFiles(Path.Combine(city.Home.Root, "datasets"), "*.parquet.sealed", SearchOption.AllDirectories).First();
        var paths = new[] { "/etc/shadow", Path.Combine(city.Home.Root, "control.db"), raw, Path.Combine(other, "secret.csv"), "/data/../" + other.TrimStart('/') + "/secret.csv" };
        var job = city.Run(city.PythonJob($$"""
            escaped = 0
            for p in {{JsonSerializer.Serialize(paths)}}:
                try:
                    open(p, "rb").read(1)
                    print("READ", p); escaped += 1
                except OSError as e:
                    print("blocked:", type(e).__name__)
            # PID 1 here is the container's init, not the host's.
            print("pid1:", open("/proc/1/cmdline", "rb").read().replace(b"\0", b" ").decode())
            raise SystemExit(10 + escaped)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("exited 10", Reason(job));
        var logs = city.Logs(job);
        Assert.DoesNotContain("READ", logs);
        Assert.Equal(5, logs.Split('\n').Count(l => l.Contains("blocked:", StringComparison.Ordinal)));
        Assert.Matches("pid1: .*docker-init", logs);
        AssertHostUntouched();
    }

    [DockerFact]
    public void ProcEnviron_OfPid1_IsTheContainersNotTheHosts()
    {
        Environment.SetEnvironmentVariable("SANDBOX_HOST_MARKER", "host-secret-7f3a");
        var job = city.Run(city.PythonJob("""
            try:
                data = open("/proc/1/environ", "rb").read()
            except OSError as e:
                data = ("blocked: " + type(e).__name__).encode()
            open("/out/environ.txt", "wb").write(data)
            """));

        Assert.Equal("succeeded", State(job));
        var path = job.GetProperty("outputs").EnumerateArray().Single().GetProperty("path").GetString()!;
        Assert.DoesNotContain("host-secret-7f3a", File.ReadAllText(path));
    }

    [DockerFact]
    public void Write_IntoDataAndJob_Fails()
    {
        var job = city.Run(city.PythonJob("""
            escaped = 0
            for p in ("/data/evil.csv", "/job/evil.py", "/data/sandbox.duckdb", "/etc/evil"):
                try:
                    open(p, "ab").write(b"x")
                    print("WROTE", p); escaped += 1
                except OSError as e:
                    print("blocked:", e.strerror)
            raise SystemExit(20 + escaped)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("exited 20", Reason(job));
        Assert.Contains("Read-only file system", city.Logs(job));
        AssertHostUntouched();
    }

    [DockerFact]
    public void Out_SymbolicLinkToOutside_IsRefusedAtCollection()
    {
        var job = city.Run(city.PythonJob("""
            import os
            open("/out/ok.csv", "w").write("a\n1\n")
            os.symlink("/etc/passwd", "/out/leak")
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("/out/leak is a symbolic link", Reason(job));
        Assert.Empty(job.GetProperty("outputs").EnumerateArray());
        Assert.False(Directory.Exists(Path.Combine(city.Home.Root, "out", job.GetProperty("id").GetString()!, "leak")));
    }

    [DockerFact]
    public void Out_HardLink_IsRefusedAtCollection()
    {
        var job = city.Run(city.PythonJob("""
            import os
            try:
                os.link("/etc/passwd", "/out/passwd")   # another filesystem: the kernel says no
                print("LINKED OUTSIDE")
            except OSError as e:
                print("blocked:", e.strerror)
            open("/out/a.csv", "w").write("a\n1\n")
            os.link("/out/a.csv", "/out/b.csv")
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("is a hard link", Reason(job));
        Assert.DoesNotContain("LINKED OUTSIDE", city.Logs(job));
    }

    [DockerFact]
    public void ForkBomb_HitsThePidsLimit_AndIsKilledAtItsTimeout()
    {
        var job = city.Run(city.PythonJob("""
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """, limits: "{ timeout: 6s, memory: 256MiB, pids: 32 }"));

        Assert.Equal("killed", State(job));
        Assert.Contains("timeout of 6s", Reason(job));
        Assert.Contains("process limit of 32 was reached", Reason(job));
        AssertHostUntouched();
    }

    [DockerFact]
    public void Memory_PastTheLimit_IsReportedAsOutOfMemory()
    {
        var job = city.Run(city.PythonJob("""
            blocks = []
            while True:
                blocks.append(bytearray(16 << 20))
            """, limits: "{ timeout: 30s, memory: 128MiB }"));

        Assert.Equal("killed", State(job));
        Assert.Contains("out of memory", Reason(job));
        Assert.Contains("128 MiB", Reason(job));
        AssertHostUntouched();
    }

    [DockerFact]
    public void Out_FilledPastItsLimit_IsReported()
    {
        var job = city.Run(city.PythonJob("""
            with open("/out/big.bin", "wb") as f:
                while True:
                    f.write(b"x" * (1 << 20))
            """, limits: "{ timeout: 30s, output: 4MiB }"));

        Assert.Equal("failed", State(job));
        Assert.Contains("/out was filled to its limit of 4 MiB", Reason(job));
        var total = job.GetProperty("outputs").EnumerateArray().Sum(o => o.GetProperty("bytes").GetInt64());
        Assert.True(total <= 4L << 20, $"{total} bytes left /out");
    }

    [DockerFact]
    public void Tmp_FilledPastItsLimit_IsReported()
    {
        var job = city.Run(city.PythonJob("""
            with open("/tmp/big.bin", "wb") as f:
                while True:
                    f.write(b"x" * (1 << 20))
            """, limits: "{ timeout: 30s, memory: 256MiB }"));

        Assert.Equal("failed", State(job));
        Assert.Contains("/tmp was filled to its limit of 64 MiB", Reason(job));
    }

    [DockerFact]
    public void Timeout_RunningPastIt_IsKilled()
    {
        var job = city.Run(city.PythonJob("import time\ntime.sleep(120)\n", limits: "{ timeout: 3s }"));

        Assert.Equal("killed", State(job));
        Assert.Equal(137, job.GetProperty("exitCode").GetInt32());
        Assert.Contains("ran past its timeout of 3s", Reason(job));
    }

    [DockerFact]
    public void Stdout_Gigabytes_HitTheLogCapAndAreKilled()
    {
        var job = city.Run(city.PythonJob("""
            import sys
            chunk = "x" * 65536
            for _ in range(16384):   # a gigabyte
                sys.stdout.write(chunk)
            """, limits: "{ timeout: 60s }"));

        Assert.Equal("killed", State(job));
        Assert.Contains("log limit", Reason(job));
        var logs = Path.Combine(city.Home.Root, "logs", job.GetProperty("id").GetString()!);
        var stored = Directory.GetFiles(logs).Sum(f => new FileInfo(f).Length);
        Assert.True(stored < 5L << 20, $"{stored} bytes of logs stored");
    }

    [DockerFact]
    public void Privileges_SetuidMountRawSocket_AllFail()
    {
        var job = city.Run(city.PythonJob("""
            import os, socket, subprocess
            escaped = 0
            def attempt(name, fn):
                global escaped
                try:
                    fn(); print("GAINED", name); escaped += 1
                except Exception as e:
                    print("blocked:", name, type(e).__name__)
            attempt("setuid", lambda: os.setuid(0))
            attempt("raw socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
            def mount():
                if subprocess.run(["mount", "-t", "tmpfs", "none", "/tmp"], capture_output=True).returncode != 0: raise PermissionError("mount")
            attempt("mount", mount)
            def su():
                # su is setuid root in the image; no-new-privileges ignores the bit.
                r = subprocess.run(["su", "-c", "id -u", "root"], capture_output=True, input=b"", timeout=10)
                if r.returncode != 0 or r.stdout.strip() != b"0": raise PermissionError("su")
            attempt("setuid binary", su)
            print("uid", os.getuid(), "euid", os.geteuid())
            raise SystemExit(30 + escaped)
            """));

        Assert.Equal("failed", State(job));
        Assert.Contains("exited 30", Reason(job));
        var logs = city.Logs(job);
        Assert.DoesNotContain("GAINED", logs);
        Assert.Contains("uid 65534 euid 65534", logs);
    }

    [DockerFact]
    public void Image_NotApproved_IsRefusedNamingIt()
    {
        var job = city.Run(city.PythonJob("print(1)", image: "debian:bookworm"));

        Assert.Equal("failed", State(job));
        Assert.Contains("'debian:bookworm' is not on the approved list", Reason(job));
    }
}
