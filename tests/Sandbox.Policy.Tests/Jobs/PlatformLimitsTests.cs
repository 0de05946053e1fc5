using Sandbox.Documents;
using Sandbox.Policy.Jobs;

namespace Sandbox.Policy.Tests.Jobs;

public sealed class PlatformLimitsTests
{
    private const string Hostile = """
        grant: g
        kind: sql
        queries:
          n: select 1
        limits: { memory: 1TiB, cpus: 1024, timeout: 168h, output: 1TiB, pids: 1000000 }
        """;

    [Fact]
    public void Apply_LimitsAboveTheBuiltInMaxima_AreRefusedNamingEachField()
    {
        var spec = JobSpecLoader.Load("job.yaml", Hostile);

        var (decision, _) = PlatformLimits.BuiltIn.Apply(spec.Limits);

        Assert.False(decision.Allowed);
        Assert.Equal(
            [
                "limits.timeout: 7.00:00:00 is above the platform's maximum of 01:00:00",
                "limits.memory: 1024GiB is above the platform's maximum of 8GiB",
                "limits.cpus: 1024 is above the platform's maximum of 4",
                "limits.pids: 1000000 is above the platform's maximum of 1024",
                "limits.output: 1024GiB is above the platform's maximum of 1GiB",
            ],
            decision.Reasons);
    }

    [Fact]
    public void Apply_ClampingDocument_LowersEachLimitToItsMaximum()
    {
        var platform = PlatformLimits.Parse("platform-limits.yaml", PlatformLimits.BuiltInDocument.Replace("above-maximum: refuse", "above-maximum: clamp", StringComparison.Ordinal));

        var (decision, limits) = platform.Apply(JobSpecLoader.Load("job.yaml", Hostile).Limits);

        Assert.True(decision.Allowed);
        Assert.Equal(platform.Maxima, limits);
    }

    [Fact]
    public void Apply_LimitsWithinTheMaxima_AreKept()
    {
        var requested = new JobLimits(TimeSpan.FromMinutes(5), 256L << 20, 0.5, 64, 8L << 20);

        var (decision, limits) = PlatformLimits.BuiltIn.Apply(requested);

        Assert.True(decision.Allowed);
        Assert.Same(requested, limits);
        Assert.True(PlatformLimits.BuiltIn.Apply(JobLimits.Default).Decision.Allowed, "the defaults are within the maxima");
    }

    [Fact]
    public void Parse_BadDocument_NamesEachFieldAndLine()
    {
        var ex = Assert.Throws<PolicyDocumentException>(() => PlatformLimits.Parse("platform-limits.yaml", """
            maxima:
              timeout: soon
              memory: 8GiB
              cpus: 4
              pids: 1024
            above-maximum: maybe
            """));

        Assert.Contains(ex.Errors, e => e.Field == "maxima.timeout" && e.Line == 2);
        Assert.Contains(ex.Errors, e => e.Field == "maxima.output");
        Assert.Contains(ex.Errors, e => e.Field == "above-maximum" && e.Line == 6);
    }
}
