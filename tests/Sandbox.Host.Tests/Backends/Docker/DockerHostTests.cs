using Docker.DotNet.Models;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Home;
using Sandbox.Host.Images;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>The backend's housekeeping: image trust, reconciliation after a crash, log scanning, a missing engine.</summary>
[Collection("docker")]
public sealed class DockerHostTests(DockerCity city) : IClassFixture<DockerCity>
{
    [Fact]
    public async Task Connect_NoEngine_ThrowsNamingTheSocket()
    {
        var ex = await Assert.ThrowsAsync<DockerUnavailableException>(() => DockerEngine.ConnectAsync(new Uri("unix:///nonexistent/docker.sock"), CancellationToken.None));
        Assert.StartsWith("no Docker engine at unix:///nonexistent/docker.sock", ex.Message);
    }

    [DockerFact]
    public void Run_ImageIdChangedSinceRecorded_IsRefusedNamingIt()
    {
        var job = city.PythonJob("print(1)");
        Assert.Equal("succeeded", city.Run(job).GetProperty("state").GetString());
        var python = Session(s => s.Store.FindImage("sandbox/python"))!;
        // The first use recorded the image's engine ID, audited.
        Assert.Contains("image.record", city.Home.Ok("audit", "show"), StringComparison.Ordinal);
        Session(s => { ImageTrust.Record(s, python with { Id = "sha256:" + new string('0', 64) }, "image.record", "test: a record that no longer matches"); return 0; });
        try
        {
            var refused = city.Run(job);
            Assert.Equal("failed", refused.GetProperty("state").GetString());
            Assert.Contains("image 'sandbox/python' changed", refused.GetProperty("reason").GetString());
        }
        finally
        {
            Session(s => { ImageTrust.Record(s, python, "image.record", "test: restored"); return 0; });
        }
    }

    private T Session<T>(Func<SandboxSession, T> act)
    {
        using var session = SandboxSession.Open(new SandboxHome(city.Home.Root), null, city.Home.Time);
        return act(session);
    }

    [DockerFact]
    public async Task Start_ContainerOfADeadHost_IsRemovedAndOrphanWorkspaceDeleted()
    {
        using var backend = await DockerBackend.ConnectAsync(CancellationToken.None);
        // A container as a crashed host would leave it: our labels, an owner pid that no longer exists.
        var labels = new Dictionary<string, string>
        {
            ["sandbox.job"] = "job-crashed",
            ["sandbox.home"] = city.Home.Root,
            ["sandbox.owner.pid"] = "999999",
            ["sandbox.owner.started"] = "1",
        };
        var created = await backend.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "sandbox/runner:latest",
            Entrypoint = ["sleep"],
            Cmd = ["infinity"],
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, CancellationToken.None);
        await backend.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), CancellationToken.None);
        var orphan = Path.Combine(city.Home.Root, "workspaces", "job-crashed");
        Directory.CreateDirectory(orphan);

        // Any docker job run reconciles the home first.
        var job = city.Run(city.PythonJob("print('after the crash')"));

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.False(Directory.Exists(orphan));
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerContainerNotFoundException>(() => backend.Client.Containers.InspectContainerAsync(created.ID, CancellationToken.None));
    }

    [DockerFact]
    public void Logs_WithPersonalData_AreRedactedWhenShown()
    {
        // A valid mainland mobile number and e-mail printed by the job: stored in the home, redacted when shown.
        var job = city.Run(city.PythonJob("print('contact 13912345678 or zhang.san@example.cn')"));

        var logs = city.Logs(job);
        Assert.DoesNotContain("13912345678", logs);
        Assert.DoesNotContain("zhang.san@example.cn", logs);
        Assert.Contains("[redacted:cn_mobile]", logs);
        Assert.Contains("[redacted:email]", logs);
    }

    [DockerFact]
    public void Run_ContainerJob_WritesOutputsThatShowInJobShow()
    {
        var job = city.Run(city.PythonJob("""
            import pandas as pd
            pd.DataFrame({"district": ["a", "b"], "n": [3, 4]}).to_csv("/out/summary.csv", index=False)
            """));

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var output = job.GetProperty("outputs").EnumerateArray().Single();
        Assert.Equal("summary.csv", output.GetProperty("name").GetString());
        Assert.Equal(2, output.GetProperty("rows").GetInt64());
    }
}
