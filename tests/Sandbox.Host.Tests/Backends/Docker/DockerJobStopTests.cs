using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Sandbox.Host.Backends.Docker;
using Sandbox.Host.Cli;

namespace Sandbox.Host.Tests.Backends.Docker;

/// <summary>
/// A running docker job stopped from outside: by its caller's cancellation, or by its grant being suspended. Each
/// test has its own home, since suspending a grant would refuse the jobs of the other tests.
/// </summary>
[Collection("docker")]
public sealed class DockerJobStopTests
{
    // Far longer than any test waits: a job that ends early was stopped, not finished.
    private const string Sleeper = "import time\nprint('started', flush=True)\ntime.sleep(300)\n";
    private const string Limits = "{ timeout: 600s, memory: 256MiB, cpus: 1, pids: 64, output: 8MiB }";

    [DockerFact]
    public async Task Cancel_DuringARunningDockerJob_KillsItsContainer()
    {
        using var city = new DockerCity();
        var job = city.PythonJob(Sleeper, Limits);
        using var cts = new CancellationTokenSource();
        using var output = new StringWriter();
        var running = SandboxCli.RunAsync(["--as", "zijin-analyst", "job", "run", job, "--wait", "--json", "--backend", "docker", "--home", city.Home.Root], output, TextWriter.Null, city.Home.Time, cts.Token);

        using var backend = await DockerBackend.ConnectAsync(CancellationToken.None);
        var container = await WaitForRunningContainer(backend.Client, city.Home.Root);
        await cts.CancelAsync();
        var code = await running.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, code);
        var shown = Show(city.Home, JsonDocument.Parse(output.ToString()).RootElement.GetProperty("id").GetString()!);
        Assert.Equal("cancelled", shown.GetProperty("state").GetString());
        Assert.Contains("the container was killed", shown.GetProperty("reason").GetString());
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => backend.Client.Containers.InspectContainerAsync(container, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(city.Home.Root, "workspaces")));
    }

    [DockerFact]
    public async Task Suspend_DuringARunningDockerJob_KillsItAndJobShowAndTheAuditLogSayWhy()
    {
        using var city = new DockerCity();
        var job = city.PythonJob(Sleeper, Limits);
        var running = Task.Run(() => city.Home.Run("job", "run", job, "--wait", "--json", "--backend", "docker"));

        using var backend = await DockerBackend.ConnectAsync(CancellationToken.None);
        var container = await WaitForRunningContainer(backend.Client, city.Home.Root);
        city.Home.Ok("grant", "suspend", "nj-credit-2026", "--reason", "monitoring found a differencing attack");
        var (code, output, error) = await running.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(code == 1, $"job run exited {code}: {error}{output}");
        var shown = Show(city.Home, JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!);
        Assert.Equal("killed", shown.GetProperty("state").GetString());
        Assert.Contains("suspended", shown.GetProperty("reason").GetString());
        Assert.Contains("differencing attack", shown.GetProperty("reason").GetString());
        var audit = city.Home.Ok("audit", "show");
        Assert.Contains("job.kill", audit);
        Assert.Contains("differencing attack", audit[audit.IndexOf("job.kill", StringComparison.Ordinal)..]);
        Assert.Equal(0, city.Home.Run("audit", "verify").Code);
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => backend.Client.Containers.InspectContainerAsync(container, CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(city.Home.Root, "workspaces")));
    }

    private static JsonElement Show(TestHome home, string id) => JsonDocument.Parse(home.Ok("job", "show", id, "--json")).RootElement;

    /// <summary>The id of the home's job container once the job's own process runs in it.</summary>
    private static async Task<string> WaitForRunningContainer(DockerClient client, string homeRoot)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Home}={homeRoot}"] = true },
            ["status"] = new Dictionary<string, bool> { ["running"] = true },
        };
        for (var i = 0; i < 600; i++)
        {
            var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { Filters = filter }, CancellationToken.None);
            if (containers.Count == 1)
            {
                // The container runs as soon as the job starts: give the job a moment to be under way.
                await Task.Delay(TimeSpan.FromSeconds(1));
                return containers[0].ID;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the job's container never ran");
    }
}
