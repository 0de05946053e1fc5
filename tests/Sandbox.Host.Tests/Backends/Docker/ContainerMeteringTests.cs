using System.Text.Json;
using Sandbox.Host.Backends.Docker;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// Metering of container jobs: the kernel's counters for the job's cgroup, sampled by the host while it runs (the
/// floor a job cannot lower) and read by the supervisor at its end (which a job could only raise).
/// </summary>
[Collection("docker")]
public sealed class ContainerMeteringTests(DockerCity city) : IClassFixture<DockerCity>
{
    private const string Burn = """
        import time
        block = bytearray(96 * 1024 * 1024)
        for i in range(0, len(block), 4096): block[i] = 1
        end = time.process_time() + 1.5
        while time.process_time() < end: pass
        open("/out/done.csv", "w").write("ok\n1\n")
        """;

    [DockerFact]
    public void Run_BusyJob_IsMeteredFromItsCgroup()
    {
        var shown = JsonDocument.Parse(city.Home.Ok("job", "run", "--wait", city.PythonJob(Burn), "--backend", "docker", "--json")).RootElement;
        Assert.Equal("succeeded", shown.GetProperty("state").GetString());
        var usage = shown.GetProperty("usage");
        Assert.Equal("cgroup", usage.GetProperty("attribution").GetString());
        Assert.True(usage.GetProperty("cpuSeconds").GetDouble() >= 1.4, usage.ToString());
        Assert.True(usage.GetProperty("peakMemoryBytes").GetInt64() >= 96L << 20, usage.ToString());
        Assert.True(usage.GetProperty("wallSeconds").GetDouble() >= usage.GetProperty("cpuSeconds").GetDouble() - 0.1, usage.ToString());
        Assert.True(usage.GetProperty("readBytes").GetInt64() > 0, usage.ToString());
        Assert.Equal(shown.GetProperty("outputs")[0].GetProperty("bytes").GetInt64(), usage.GetProperty("writtenBytes").GetInt64());
    }

    [DockerFact]
    public void Run_JobKilledAtItsTimeout_IsStillMeteredByTheHostsSamples()
    {
        // Killed by the host, the job never reaches the supervisor's report: only the host's own samples remain.
        var job = city.PythonJob("while True: pass\n", "{ timeout: 3s, memory: 128MiB, cpus: 1, pids: 64, output: 1MiB }");
        var (code, output, _) = city.Home.Run("job", "run", "--wait", job, "--backend", "docker", "--json");
        Assert.Equal(1, code);
        var shown = JsonDocument.Parse(output).RootElement;
        Assert.Equal("killed", shown.GetProperty("state").GetString());
        Assert.True(shown.GetProperty("usage").GetProperty("cpuSeconds").GetDouble() >= 1.0, shown.GetProperty("usage").ToString());
    }

    [DockerFact]
    public void Run_JobPrintingFakeUsageLines_CannotLowerItsFigures()
    {
        // Lines shaped like the supervisor's, printed by the job itself, stay in the job's own stdout.
        var script = "print('usage cpuacct/cpuacct.usage 1')\nprint('cpu usage_usec 1')\nprint('usage memory.peak 1')\n" + Burn;
        var usage = JsonDocument.Parse(city.Home.Ok("job", "run", "--wait", city.PythonJob(script), "--backend", "docker", "--json")).RootElement.GetProperty("usage");
        Assert.True(usage.GetProperty("cpuSeconds").GetDouble() >= 1.4, usage.ToString());
        Assert.True(usage.GetProperty("peakMemoryBytes").GetInt64() >= 96L << 20, usage.ToString());
    }

    [Fact]
    public void Parse_UsageLinesOfCgroupV1AndV2_KeepTheLargest()
    {
        var header = SupervisorHeader.Parse("""
            exit 0
            usage cpuacct/cpuacct.usage 2000000000
            cpu usage_usec 1500000
            usage memory/memory.max_usage_in_bytes 1048576
            usage memory.peak 4194304
            """)!;
        Assert.Equal(2_000_000_000, header.CpuNanoseconds);
        Assert.Equal(4_194_304, header.PeakMemoryBytes);
        Assert.Null(SupervisorHeader.Parse("exit 0\n")!.CpuNanoseconds);
    }
}
