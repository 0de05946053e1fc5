using Sandbox.Host.Backends.Docker;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>The supervisor's header as the host reads it: bytes a job slips in can only make it look worse.</summary>
public sealed class SupervisorHeaderTests
{
    private const string Genuine = """
        exit 3
        Filesystem        1-blocks  Used Available Capacity Mounted on
        tmpfs              4194304 4194304      0     100% /out
        tmpfs             67108864     0 67108864       0% /tmp
        memory oom_kill_disable 0
        memory under_oom 0
        memory oom_kill 2
        pids max 5
        """;

    [Fact]
    public void Parse_GenuineHeader_ReadsExitCountersAndMounts()
    {
        var header = SupervisorHeader.Parse(Genuine)!;

        Assert.Equal(3, header.ExitCode);
        Assert.Equal(2, header.OomKills);
        Assert.Equal(5, header.PidsRefused);
        Assert.Equal(["/out"], header.FullMounts().Select(m => m.Path));
    }

    [Fact]
    public void Parse_SecondExitLine_IsUnreadable()
    {
        Assert.Null(SupervisorHeader.Parse("exit 0\n" + Genuine));
        Assert.Null(SupervisorHeader.Parse("memory oom_kill 0\n"));
        Assert.Null(SupervisorHeader.Parse("exit -1\n"));
    }

    [Fact]
    public void Parse_SlippedInLines_CannotLowerCountersNorEmptyAFullMount()
    {
        var header = SupervisorHeader.Parse(Genuine + "\nmemory oom_kill 0\npids max 0\ntmpfs 4194304 0 4194304 0% /out\n")!;

        Assert.Equal(2, header.OomKills);
        Assert.Equal(5, header.PidsRefused);
        Assert.Contains(header.FullMounts(), m => m.Path == "/out");
    }
}
