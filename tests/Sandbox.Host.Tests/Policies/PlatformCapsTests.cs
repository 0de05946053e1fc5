using System.Text.Json;

namespace Sandbox.Host.Tests.Policies;

/// <summary>The platform's caps on job limits: the administrator's document, applied and audited, obeyed by every job.</summary>
public sealed class PlatformCapsTests
{
    private static string Caps(TestHome home, string memory, string above)
    {
        var path = Path.Combine(home.Root, $"platform-limits-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"maxima: {{ timeout: 1h, memory: {memory}, cpus: 4, pids: 1024, output: 1GiB }}\nabove-maximum: {above}\n");
        return path;
    }

    [Fact]
    public void Job_AboveTheBuiltInCaps_IsRefusedNamingTheField()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        File.WriteAllText(job, File.ReadAllText(job).Replace("limits: { timeout: 20s }", "limits: { timeout: 20s, memory: 1TiB, cpus: 1024 }"));
        var (code, _, error) = home.Run("job", "run", "--wait", job);
        Assert.Equal(2, code);
        Assert.Contains("memory", error);
        Assert.Contains("cpus", error);
    }

    [Fact]
    public void Apply_CapsDocument_IsTheAdministratorsAndJobsFollowIt()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        var tight = Caps(home, "256MiB", "refuse");
        var (code, _, error) = home.Run("--as", "bureau-officer", "policy", "apply", tight);
        Assert.Equal(1, code);
        Assert.Contains("bureau-officer may not apply platform documents", error);

        home.Ok("--as", "admin", "policy", "apply", tight);
        var job = home.Job("nj-credit-2026", "n: select count(*) as n from residents");
        File.WriteAllText(job, File.ReadAllText(job).Replace("limits: { timeout: 20s }", "limits: { timeout: 20s, memory: 512MiB }"));
        Assert.Equal(2, home.Run("job", "run", "--wait", job).Code);

        home.Ok("--as", "admin", "policy", "apply", Caps(home, "256MiB", "clamp"));
        Assert.Equal("succeeded", JsonDocument.Parse(home.Ok("job", "run", "--wait", job, "--json")).RootElement.GetProperty("state").GetString());
        Assert.Contains("platformLimits", home.Ok("audit", "show"));
    }

    [Fact]
    public void Apply_RepositoryFolderByTheBureau_LeavesTheUnchangedCapsAlone()
    {
        using var home = new TestHome().WithCity(enterprises: 20, residents: 20);
        home.Ok("--as", "bureau-officer", "policy", "apply", TestHome.PoliciesDirectory);
    }
}
